"""The domain's own labels (state, source, role … carry a Chinese ``.label``) in the UI's language.

The domain stays free of Qt; the UI shows a label through :func:`label_of` (context ``Domain``), and the
catalogue gets every label of :data:`LABELLED` from :func:`domain_texts`.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain import (
    heat,
    incidents,
    notices,
    orders,
    records,
    reference,
    sla,
    suggest,
    unit_status,
    units,
    workers,
)
from console.domain.sla import format_countdown
from console.ui.alerts.alert import AlertKind, Severity

LABELLED: tuple[type[Enum], ...] = (
    incidents.Status, incidents.Source, incidents.Supervision, incidents.AssignmentStatus, incidents.ReferralStatus,
    notices.Priority, notices.Audience, orders.OrderKind, orders.OrderStatus, records.RecordKind,
    records.SubmissionStatus, records.VersionStatus, reference.RefKind, sla.Stage, sla.SlaLevel, suggest.Reason,
    unit_status.UnitStatus, units.Capability, units.TravelMode, workers.Role, workers.WorkerKind, workers.WorkerStatus,
    heat.HeatSource, AlertKind, Severity,  # the console's own labelled kinds
)
CONTEXT = "Domain"


def domain_texts() -> set[str]:
    """Every label the UI may show through :func:`label_of` or :func:`priority_label`."""
    texts = {member.label for kind in LABELLED for member in kind}
    return {t for t in texts | set(incidents.PRIORITY_LABELS.values()) if t}


def label_of(member: Enum) -> str:
    """``member.label`` translated."""
    return QCoreApplication.translate(CONTEXT, member.label) if member.label else ""


def priority_label(priority: int) -> str:
    """一级 … 四级, translated."""
    text = incidents.PRIORITY_LABELS.get(priority)
    return QCoreApplication.translate(CONTEXT, text) if text else str(priority)


TIME_UNITS = (QT_TRANSLATE_NOOP("Time", "小时"), QT_TRANSLATE_NOOP("Time", "天"), QT_TRANSLATE_NOOP("Time", "时"),
              QT_TRANSLATE_NOOP("Time", "分"), QT_TRANSLATE_NOOP("Time", "秒"))  # longest first


def time_units(text: str) -> str:
    """A compact Chinese span ("5分07秒", "1小时03分") with its units in the UI's language ("5m07s")."""
    for unit in TIME_UNITS:
        text = text.replace(unit, QCoreApplication.translate("Time", unit))
    return text


def countdown(ms: int) -> str:
    """:func:`~console.domain.sla.format_countdown` in the UI's language: "剩 5分07秒" / "5m07s left"."""
    prefix, span = format_countdown(ms).split(" ", 1)
    pattern = QT_TRANSLATE_NOOP("Time", "剩 {t}") if prefix == "剩" else QT_TRANSLATE_NOOP("Time", "超 {t}")
    return QCoreApplication.translate("Time", pattern).format(t=time_units(span))
