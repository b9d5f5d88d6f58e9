"""Resume tickets: signed claims that hold for one password hash until they expire."""

from __future__ import annotations

import dataclasses

import pytest

from console.domain.errors import DomainError
from console.relay import tickets
from console.relay.tickets import Claims, TicketDesk

SECRET = bytes(range(32))
HASH = "scrypt$16384$8$1$salt$hash"
NOW = 1_765_000_000_000


def ticket(**changes) -> str:
    return tickets.sign(SECRET, dataclasses.replace(Claims("d01", "s1", NOW - 1000, NOW + 60_000), **changes), HASH)


def test_a_signed_ticket_verifies_with_its_claims():
    assert tickets.verify(SECRET, ticket(), HASH, NOW) == Claims("d01", "s1", NOW - 1000, NOW + 60_000)


@pytest.mark.parametrize("why", ["expired", "other password", "other secret", "claims changed", "mac changed",
                                 "no account", "garbage", "one part"])
def test_a_ticket_that_does_not_hold_is_refused(why):
    good = ticket()
    body, mac = good.split(".")
    forged_body = ticket(account="a01").split(".")[0]  # an administrator's claims under d01's signature
    cases = {
        "expired": (good, HASH, NOW + 60_000, SECRET),
        "other password": (good, HASH + "x", NOW, SECRET),
        "other secret": (good, HASH, NOW, bytes(32)),
        "claims changed": (f"{forged_body}.{mac}", HASH, NOW, SECRET),
        "mac changed": (f"{body}.{'A' if mac[0] != 'A' else 'B'}{mac[1:]}", HASH, NOW, SECRET),
        "no account": (good, None, NOW, SECRET),
        "garbage": ("!!.??", HASH, NOW, SECRET),
        "one part": (body, HASH, NOW, SECRET),
    }
    text, password_hash, now, secret = cases[why]
    with pytest.raises(DomainError) as refused:
        tickets.verify(secret, text, password_hash, now)
    assert refused.value.code == "E_AUTH_FAILED"


class Clock:
    def __init__(self) -> None:
        self.now = NOW / 1000

    def __call__(self) -> float:
        return self.now


def test_the_desk_renews_past_half_life_within_the_session_and_keeps_the_session():
    clock = Clock()
    desk = TicketDesk(lambda: SECRET, clock, ttl_s=600, session_max_s=800)
    first = tickets.claims_of(desk.issue("ws", "d01", HASH))
    assert first.expires == NOW + 600_000 and first.since == NOW
    clock.now += 299
    assert desk.due() == []
    clock.now += 1
    [(ws, renewed)] = desk.due()
    claims = tickets.verify(SECRET, renewed, HASH, int(clock.now * 1000))
    assert ws == "ws" and claims.session == first.session and claims.since == first.since
    assert claims.expires == NOW + 800_000  # capped by the session's maximum age, not now + 600 s
    desk.forget("ws")
    clock.now += 600
    assert desk.due() == []
