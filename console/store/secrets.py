"""Secrets the relays of one database share, made once by whichever relay needs one first."""

from __future__ import annotations

import secrets

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from console.store import tables as t

RESUME = "resume"  # signs resume tickets (console.relay.tickets)


def shared_secret(engine: Engine, name: str = RESUME) -> bytes:
    """The secret called ``name``: read, or made (32 random bytes) when there is none yet. Two relays
    making it at once agree: the second one's insert fails and it reads the first one's."""
    query = select(t.relay_secrets.c.value).where(t.relay_secrets.c.name == name)
    with engine.connect() as conn:
        found = conn.scalar(query)
    if found is None:
        try:
            with engine.begin() as conn:
                conn.execute(insert(t.relay_secrets).values(name=name, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another relay made it first
        with engine.connect() as conn:
            found = conn.scalar(query)
    return bytes.fromhex(found)
