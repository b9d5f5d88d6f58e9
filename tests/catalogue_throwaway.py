"""A throwaway operation declared by tests alone: one catalogue entry and its decider, nothing else.

The tests that use :func:`throwaway_operation` show that the catalogue is the only registry: the op is
validated, authorized, decided, committed and offered in the console without any other table knowing it.
"""

from __future__ import annotations

import pytest

from console.domain.args import REASON, Field
from console.domain.catalogue import OPERATIONS, Operation
from console.domain.workers import Role

DRILL = "drill.ping"
DRILL_PINGED = "drill.pinged"


def ping(state, actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return DRILL_PINGED, {"note": args["note"], "count": args["count"], "by": actor.account}


THROWAWAY = Operation(DRILL, "演练点名", {"note": REASON, "count": Field(int, low=1, high=3)},
                      frozenset({Role.DISPATCHER}), ping, (DRILL_PINGED,))


@pytest.fixture
def throwaway_operation(monkeypatch) -> Operation:
    """``drill.ping`` in the catalogue for one test (a dispatcher may send it), removed afterwards."""
    assert DRILL not in OPERATIONS
    monkeypatch.setitem(OPERATIONS, DRILL, THROWAWAY)
    return THROWAWAY
