"""Where a desk account with places in its scope may act: on work inside its grids.

A dispatcher, officer, station chief or trainer whose scope names a station, 警格 or grids (resolved
to grids at login, :meth:`Scope.resolved`) may act only on incidents, submissions, records, orders and
addresses inside them, and on workers of those grids when the command names no other place. The
field gateway's binding and the liaison's department are checked where the worker or referral is.
"""

from __future__ import annotations

from collections.abc import Iterator

from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.state import State
from console.domain.workers import Role

PLACE_ROLES = frozenset({Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF, Role.TRAINER})
_PLACE_KEYS = ("incident", "submission", "record", "order", "address_code")


def check_scope(state: State, actor: Actor, args: dict) -> None:
    """E_FORBIDDEN when the command concerns a grid outside the actor's places."""
    scope = actor.scope
    if scope is None or actor.role not in PLACE_ROLES or not scope.has_places:
        return
    for grid in _grids_named(state, args):
        if grid not in scope.grids:
            raise DomainError("E_FORBIDDEN", f"网格 {grid} 不在本账号范围内（{scope.describe()}）")


def _grids_named(state: State, args: dict) -> Iterator[str]:
    """The grids of what ``args`` name (unknown ids are left to the decider's E_NOT_FOUND)."""
    found = [
        state.incidents[i].grid_code if (i := args.get("incident")) in state.incidents else None,
        state.submissions[s].grid_code if (s := args.get("submission")) in state.submissions else None,
        state.records[r].grid_code if (r := args.get("record")) in state.records else None,
        _worker_grid(state, state.orders[o].worker_id) if (o := args.get("order")) in state.orders else None,
        state.address_index[a].grid_code if (a := args.get("address_code")) in state.address_index else None,
    ]
    if not any(k in args for k in _PLACE_KEYS):
        found.append(_worker_grid(state, args.get("worker")))
    yield from (g for g in found if g)


def _worker_grid(state: State, worker_id: object) -> str | None:
    worker = state.workers.get(worker_id) if isinstance(worker_id, str) else None
    return worker.grid_code if worker is not None else None
