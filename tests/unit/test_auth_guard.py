"""Login throttling and locks over a fake clock: no sockets, no database."""

from __future__ import annotations

import asyncio

import pytest

from console.domain.errors import DomainError
from console.relay.auth_guard import AuthGuard, AuthPolicy, Turnstile

POLICY = AuthPolicy(lock_after=5, lock_s=900, name_free_failures=1, backoff_base_s=1, backoff_max_s=8,
                    addr_free_failures=10, forget_s=900)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def guard(clock) -> AuthGuard:
    return AuthGuard(POLICY, clock)


def refusal(guard: AuthGuard, name: str, addr: str = "10.0.0.1") -> tuple[str, int] | None:
    try:
        guard.admit(name, addr)
    except DomainError as err:
        return err.code, err.extra["retry_after"]
    guard.release(name, addr)
    return None


def fail(guard: AuthGuard, name: str, addr: str = "10.0.0.1", audited: bool = True):
    guard.admit(name, addr)
    return guard.failed(name, addr, audited=audited)


def test_backoff_doubles_after_the_first_free_retry(guard, clock):
    fail(guard, "d01")
    assert refusal(guard, "d01") is None  # a typo is retried at once
    fail(guard, "d01")
    assert refusal(guard, "d01") == ("E_AUTH_THROTTLED", 1)
    clock.now += 1
    fail(guard, "d01")
    assert refusal(guard, "d01") == ("E_AUTH_THROTTLED", 2)
    clock.now += 1.5
    assert refusal(guard, "d01") == ("E_AUTH_THROTTLED", 1)  # rounded up, never 0
    assert refusal(guard, "d02") is None  # other names are not slowed down by it


def test_lock_after_five_failures_refuses_even_the_right_password_until_it_runs_out(guard, clock):
    locks = []
    for _ in range(5):
        locks.append(fail(guard, "d01"))
        clock.now += 10
    assert locks[:4] == [None] * 4 and locks[4].failures == 5
    assert locks[4].until == clock.now - 10 + 900
    assert refusal(guard, "d01") == ("E_AUTH_LOCKED", 890)
    assert guard.expired_locks() == []
    clock.now += 890
    assert guard.expired_locks() == ["d01"]
    assert guard.expired_locks() == [], "each expiry is reported once"
    assert refusal(guard, "d01") is None
    guard.admit("d01", "10.0.0.1")
    guard.succeeded("d01", "10.0.0.1")


def test_unknown_names_lock_the_same_way_but_their_expiry_is_not_reported(guard, clock):
    for _ in range(5):
        fail(guard, "nobody", audited=False)
        clock.now += 10
    assert refusal(guard, "nobody")[0] == "E_AUTH_LOCKED"
    clock.now += 900
    assert guard.expired_locks() == []
    assert refusal(guard, "nobody") is None


def test_admin_unlock_forgets_the_name(guard, clock):
    for _ in range(5):
        fail(guard, "d01")
        clock.now += 10
    guard.unlock("d01")
    assert refusal(guard, "d01") is None
    assert guard.expired_locks() == []


def test_one_address_spraying_many_names_is_slowed_down(guard, clock):
    for i in range(10):
        fail(guard, f"user{i}", addr="10.9.9.9")
    assert refusal(guard, "fresh", addr="10.9.9.9") is None
    fail(guard, "fresh", addr="10.9.9.9")
    assert refusal(guard, "another", addr="10.9.9.9") == ("E_AUTH_THROTTLED", 1)
    assert refusal(guard, "another", addr="10.0.0.2") is None  # other addresses are not


def test_success_clears_the_name_but_not_the_address(guard, clock):
    for i in range(11):
        fail(guard, f"user{i}", addr="10.9.9.9")
    clock.now += 1
    guard.admit("d01", "10.9.9.9")
    guard.succeeded("d01", "10.9.9.9")
    fail(guard, "d02", addr="10.9.9.9")
    assert refusal(guard, "d03", addr="10.9.9.9") == ("E_AUTH_THROTTLED", 2)


def test_one_attempt_per_name_at_a_time_the_others_wait_their_turn():
    """Parallel logins of one name are checked one after the other (so every guess is counted before
    the next), and none is refused for arriving together."""
    turnstile = Turnstile(1)
    inside, most = [0], [0]

    async def attempt():
        async with turnstile.turn("d01"):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            await asyncio.sleep(0)  # yield while inside, as a password check does
            inside[0] -= 1

    async def scenario():
        await asyncio.gather(*(attempt() for _ in range(5)))

    asyncio.run(scenario())
    assert most[0] == 1
    assert turnstile._gates == {}, "an idle name leaves nothing behind"


def test_failures_are_forgotten_after_a_quiet_spell(guard, clock):
    for _ in range(4):
        fail(guard, "d01")
        clock.now += 10
    clock.now += 901
    for _ in range(4):
        assert fail(guard, "d01") is None
        clock.now += 10


def test_memory_is_bounded(clock):
    guard = AuthGuard(AuthPolicy(max_tracked=100), clock)
    for i in range(1000):
        fail(guard, f"random{i}", addr=f"10.0.{i // 256}.{i % 256}", audited=False)
    assert len(guard._names) == 100 and len(guard._addrs) == 100
