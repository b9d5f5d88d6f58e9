"""A throwaway operation declared by tests alone: one catalogue entry, its decider and its
event's payload type (every event type has one), nothing else.

The tests that use the ``throwaway_operation`` fixture (tests/conftest.py) show that the catalogue is
the only registry: the op is validated, authorized, decided, committed and offered in the console
without any other table knowing it.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.args import REASON, Field
from console.domain.catalogue import Operation
from console.domain.workers import Role

DRILL = "drill.ping"
DRILL_PINGED = "drill.pinged"


@dataclass(frozen=True, slots=True)
class DrillPinged:
    """The payload of ``drill.pinged``: every event type has one (console.domain.payloads)."""

    note: str
    count: int
    by: str


def ping(state, actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return DRILL_PINGED, {"note": args["note"], "count": args["count"], "by": actor.account}


THROWAWAY = Operation(DRILL, "演练点名", {"note": REASON, "count": Field(int, low=1, high=3)},
                      frozenset({Role.DISPATCHER}), ping, (DRILL_PINGED,))

