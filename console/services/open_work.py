"""What a desk would leave undone by closing its console.

"Open work" is what nobody else will pick up if this window goes away:

* commands sent but not yet acknowledged by the relay (the outbox): closing drops them;
* a form or action dialog still open (接警, 派遣, 办结 …): what was typed is lost;
* incidents this desk accepted (首接负责: the taker owns them) that are not yet dispatched,
  referred or voided (受理 / 已退回): the queue shows them to everyone, but they are this desk's.

Incidents already dispatched are the field's to work and another desk's to watch; they are not
open work of this window.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.incidents import Incident, Status
from console.domain.state import State

WAITING_FOR_DISPATCH = frozenset({Status.ACCEPTED, Status.RETURNED})
MAX_LISTED = 5


def owned_by(inc: Incident, account: str) -> bool:
    """Whether ``account`` accepted ``inc`` last (首接负责)."""
    accepted = [t.actor for t in inc.timeline if t.action == "accept"]
    return bool(accepted) and accepted[-1] == account


def mid_dispatch(state: State | None, account: str) -> list[str]:
    """Incidents ``account`` accepted that still wait for a dispatch (受理 or 已退回), oldest first."""
    if state is None or not account:
        return []
    found = [inc for inc in state.incidents.values() if inc.status in WAITING_FOR_DISPATCH and owned_by(inc, account)]
    return [inc.id for inc in sorted(found, key=lambda i: i.reported_at)]


@dataclass(frozen=True, slots=True)
class OpenWork:
    """What closing would leave undone (see the module doc)."""

    unsent: int = 0
    dialogs: tuple[str, ...] = ()
    incidents: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.unsent or self.dialogs or self.incidents)

    def describe(self) -> list[str]:
        """One Chinese line per kind of open work."""
        out = []
        if self.unsent:
            out.append(f"{self.unsent} 条指令尚未被中继确认，关闭后不会再发送")
        if self.dialogs:
            out.append(f"未完成的窗口：{'、'.join(self.dialogs)}（已填写的内容会丢失）")
        if self.incidents:
            shown = "、".join(self.incidents[:MAX_LISTED]) + (" 等" if len(self.incidents) > MAX_LISTED else "")
            out.append(f"本席位已受理、尚未派遣的警情 {len(self.incidents)} 起：{shown}")
        return out
