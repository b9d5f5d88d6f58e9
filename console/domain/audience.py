"""The narrow audiences an event concerns: the workers it names and ``dept:CODE`` for a department.

A field connection (a grid worker, a gateway for its workers) or a liaison listens to a set of these
keys (:attr:`console.domain.visibility.View.keys`). The change set records each event's keys as it
is folded, so the relay's fan-out indexes a batch without reading payloads again.
"""

from __future__ import annotations

from console.domain import events as ev


def audiences(event: ev.Event) -> frozenset[str]:
    """The narrow audiences ``event`` concerns (none for a position fix: consoles only)."""
    if event.type == ev.POSITION_REPORTED:
        return frozenset()
    data = event.data
    keys = {data.get("worker"), data.get("reporter_worker"), *data.get("workers", ())} - {None}
    if "department" in data:
        keys |= {f"dept:{data['department']}", "dept:*"}
    return frozenset(keys)
