"""The ``accounts`` table: login rows with their password hashes, kept in step with ``State.accounts``.

The State holds accounts without hashes (:class:`console.domain.accounts.Account`); the table adds
the hash. Account events change rows (:func:`write_accounts`, inside the commit of their batch); a new
hash comes beside the events (``secrets``: seq -> hash), never inside one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select, update

from console.domain import events as ev
from console.domain.accounts import Account
from console.domain.events import Event
from console.domain.state import State
from console.store import tables as t

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class AccountRow:
    """A login account as stored; ``scope`` includes the ``department`` (a column of its own)."""

    name: str
    password_hash: str
    role: str
    worker_id: str | None
    display_name: str
    department: str = ""
    disabled: bool = False
    scope: dict = field(default_factory=dict)  # e.g. {"workers": [...]} for a bound field gateway
    must_change: bool = False
    last_login: int = 0


def account_row(r) -> AccountRow:
    scope = json.loads(r.scope or "{}")
    if r.department:
        scope["department"] = r.department
    return AccountRow(r.name, r.password_hash, r.role, r.worker_id, r.display_name, r.department, bool(r.disabled),
                      scope, bool(r.must_change), int(r.last_login or 0))


def load_accounts(conn: Connection) -> dict[str, Account]:
    """Every account as the State holds it (no hashes)."""
    rows = (account_row(r) for r in conn.execute(select(t.accounts).order_by(t.accounts.c.name)))
    return {r.name: Account(r.name, r.role, r.display_name, r.worker_id or "", r.scope, r.disabled, r.must_change,
                            r.last_login) for r in rows}


def scope_columns(scope: dict) -> dict:
    """``department`` and ``scope`` column values of a scope."""
    rest = {k: v for k, v in scope.items() if k != "department"}
    return {"department": scope.get("department", ""), "scope": _dumps(rest)}


def write_accounts(conn: Connection, events: Iterable[Event], state: State, secrets: Mapping[int, str]) -> None:
    """Bring the rows the account events of a committed batch touched to ``state`` (the batch applied)."""
    for e in events:
        account = state.accounts.get(e.data.get("account")) if e.type in ev.ACCOUNT_ROW_EVENTS else None
        if account is None:
            continue
        values = {"role": account.role, "display_name": account.display_name, "worker_id": account.worker_id or None,
                  "disabled": account.disabled, "must_change": account.must_change,
                  "last_login": account.last_login or None, **scope_columns(account.scope)}
        if e.seq in secrets:
            values["password_hash"] = secrets[e.seq]
        if e.type == ev.ACCOUNT_CREATED:
            conn.execute(insert(t.accounts).values(name=account.name, **values))
        else:
            conn.execute(update(t.accounts).where(t.accounts.c.name == account.name).values(**values))
