"""Which time limit an incident is running against now, and how close it is to breaking it.

Stages (DOMAIN.md): 受理 from report to acceptance; 办理 from acceptance (or, for a referral,
from the push to the department, under the department's 60xxxx limits) to feedback; 核查 from
feedback to closing. An approved extension (延期) lengthens the 办理 stage only.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.incidents import Incident, Status
from console.domain.sla import Deadline, LimitTable, SlaLevel, Stage, deadline, level

_HANDLING = frozenset({Status.ACCEPTED, Status.RETURNED, Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE})


@dataclass(frozen=True, slots=True)
class Clock:
    """The stage an incident is in and the deadline it runs against."""

    stage: Stage
    deadline: Deadline

    def level(self, now_ms: int) -> SlaLevel:
        return level(self.deadline, now_ms)


def incident_clock(inc: Incident, table: LimitTable | None = None) -> Clock | None:
    """The running clock of ``inc``; None once it is closed or void."""
    if inc.status is Status.NEW:
        return Clock(Stage.ACCEPT, deadline(inc.category, Stage.ACCEPT, inc.reported_at, table=table))
    if inc.status is Status.REFERRED and inc.referral is not None:
        return Clock(Stage.HANDLE, deadline(inc.referral.department, Stage.HANDLE, inc.referral.pushed_at,
                                            inc.extension_ms, table=table))
    if inc.status in _HANDLING:
        start = inc.accepted_at or inc.reported_at
        return Clock(Stage.HANDLE, deadline(inc.category, Stage.HANDLE, start, inc.extension_ms, table=table))
    if inc.status in (Status.FEEDBACK, Status.VERIFYING):
        start = inc.feedback_at or inc.updated_at
        return Clock(Stage.VERIFY, deadline(inc.category, Stage.VERIFY, start, table=table))
    return None


def auto_supervision_due(inc: Incident, now_ms: int, table: LimitTable | None = None) -> tuple[str, str] | None:
    """``(level, key)`` of the automatic 督办 a breach calls for and has not had yet, else None.

    Yellow limit passed → 黄牌; red limit passed → 红牌. ``key`` (``stage:level``) makes it once per stage.
    """
    clock = incident_clock(inc, table)
    if clock is None:
        return None
    current = clock.level(now_ms)
    for breach, name in ((SlaLevel.RED, "red"), (SlaLevel.YELLOW, "yellow")):
        key = f"{clock.stage.value}:{name}"
        if current >= breach and key not in inc.auto_supervised:
            return name, key
    return None
