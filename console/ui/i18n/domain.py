"""The domain's own labels (state, source, role … carry a Chinese ``.label``) in the UI's language.

The domain stays free of Qt; the UI shows a label through :func:`label_of` (context ``Domain``), and the
catalogue gets every label of :data:`LABELLED` from :func:`domain_texts`.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication

from console.domain import incidents, notices, orders, records, reference, sla, suggest, unit_status, units, workers

LABELLED: tuple[type[Enum], ...] = (
    incidents.Status, incidents.Source, incidents.Supervision, incidents.AssignmentStatus, incidents.ReferralStatus,
    notices.Priority, notices.Audience, orders.OrderKind, orders.OrderStatus, records.RecordKind,
    records.SubmissionStatus, records.VersionStatus, reference.RefKind, sla.Stage, sla.SlaLevel, suggest.Reason,
    unit_status.UnitStatus, units.Capability, units.TravelMode, workers.Role, workers.WorkerKind, workers.WorkerStatus,
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
