"""What an alert is: its kind, severity, subject, text, time and whether someone has acknowledged it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AlertKind(StrEnum):
    NEW_INCIDENT = "new_incident"
    SLA = "sla"
    SOS = "sos"
    ORDER_OVERDUE = "order_overdue"
    REFERRAL_OVERDUE = "referral_overdue"
    GEOFENCE = "geofence"
    ACCOUNT = "account"  # an account locked after failed logins

    @property
    def label(self) -> str:
        return {"new_incident": "新警情", "sla": "时限", "sos": "紧急求助", "order_overdue": "工单超期",
                "referral_overdue": "转办超期", "geofence": "电子围栏", "account": "账户安全"}[self.value]

    @property
    def precedence(self) -> int:
        """Among alerts of one severity, an SOS first, then new incidents, then time limits."""
        return {"sos": 0, "new_incident": 1, "sla": 2, "referral_overdue": 2, "geofence": 3,
                "order_overdue": 3, "account": 3}[self.value]

    @property
    def tone(self) -> str:
        """The sound of this kind: ``sos``, ``incident`` or ``overdue`` (console/resources/sounds/<tone>.wav)."""
        return {"sos": "sos", "new_incident": "incident"}.get(self.value, "overdue")


class Severity(StrEnum):
    """Ordered MINOR < MAJOR < CRITICAL; MAJOR and above sound."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return {"minor": 0, "major": 1, "critical": 2}[self.value]

    @property
    def label(self) -> str:
        return {"minor": "提醒", "major": "重要", "critical": "紧急"}[self.value]

    @property
    def shape(self) -> str:
        return {"minor": "●", "major": "▲", "critical": "◆"}[self.value]

    @property
    def color(self) -> str:
        return {"minor": "#f2d024", "major": "#ff9a2e", "critical": "#ff4d4f"}[self.value]


@dataclass(slots=True)
class Alert:
    """One condition that needs attention; ``key`` is stable while the condition lasts."""

    key: str
    kind: AlertKind
    severity: Severity
    subject: str  # incident id, worker id or order id
    text: str
    at: int  # when the condition began (ms)
    acknowledged: bool = False

    def sort_key(self) -> tuple:
        """Unacknowledged first, then most severe, SOS before others, then newest."""
        return (self.acknowledged, -self.severity.rank, self.kind.precedence, -self.at, self.key)
