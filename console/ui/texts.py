"""Chinese labels shown by the UI that the domain does not already provide.

Domain enums carry their own ``.label``; this module adds UI wording (actions, event types)
wrapped with ``QCoreApplication.translate`` so an English ``.ts`` can be produced later.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from console.domain import events as ev


def tr(text: str, context: str = "Console") -> str:
    return QCoreApplication.translate(context, text)


def action_label(action: str) -> str:
    """Timeline action (``report``, ``accept`` …) in Chinese."""
    labels = {
        "report": tr("上报", "Timeline"),
        "accept": tr("受理", "Timeline"),
        "dispatch": tr("派遣", "Timeline"),
        "sign": tr("签收", "Timeline"),
        "arrive": tr("到场", "Timeline"),
        "feedback": tr("反馈", "Timeline"),
        "close": tr("办结", "Timeline"),
    }
    return labels.get(action, action)


def event_type_label(event_type: str, data: dict | None = None) -> str:
    """Event type in Chinese (``worker.duty_set`` depends on ``data['on']``)."""
    if event_type == ev.DUTY_SET:
        return tr("上岗", "EventLog") if (data or {}).get("on") else tr("下岗", "EventLog")
    labels = {
        ev.POSITION_REPORTED: tr("定位", "EventLog"),
        ev.INCIDENT_REPORTED: tr("新警情", "EventLog"),
    }
    if event_type in labels:
        return labels[event_type]
    action = ev.INCIDENT_ACTIONS.get(event_type)
    return action_label(action) if action else event_type


def fmt_time(ms: int, with_date: bool = False) -> str:
    """Local wall-clock time of a ms timestamp."""
    dt = datetime.fromtimestamp(ms / 1000)
    return dt.strftime("%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def fmt_distance(metres: float) -> str:
    if metres != metres or metres == float("inf"):  # NaN or unknown
        return "—"
    if metres < 1000:
        return f"{metres:.0f} m"
    return f"{metres / 1000:.1f} km"


def fmt_age(seconds: float) -> str:
    """How long ago, compactly: 5秒前 / 3分钟前 / 2小时前."""
    s = max(0, int(seconds))
    if s < 60:
        return tr("{n}秒前").format(n=s)
    if s < 3600:
        return tr("{n}分钟前").format(n=s // 60)
    return tr("{n}小时前").format(n=s // 3600)
