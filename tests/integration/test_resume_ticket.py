"""Resume tickets over real relays: a client that lost its connection logs in again with the ticket the
relay gave it, on another relay of the same database too, without a password check; a tampered, expired
or voided ticket (account disabled, password reset) is refused."""

from __future__ import annotations

import json
import time

from websockets.asyncio.client import connect

from console.domain import passwords
from console.net.client import RelayClient
from console.relay import tickets
from console.relay.auth_guard import AuthPolicy
from console.services.demo_seed import DEMO_PASSWORD
from tests.integration.harness import Recorder, run, running_relay, wait_until

LENIENT = AuthPolicy(name_free_failures=100, addr_free_failures=100, lock_after=100, resume_ticket_s=600)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def login(url: str, user: str, *, password: str | None = None, ticket: str | None = None) -> dict:
    """One login on a fresh connection, with a password or a ticket."""
    frame = {"v": 1, "t": "auth", "id": "a", "user": user}
    frame.update({"ticket": ticket} if ticket is not None else {"password": password})
    async with connect(url, compression=None) as ws:
        await ws.send(json.dumps(frame))
        return json.loads(await ws.recv())


def count_password_checks(monkeypatch) -> list[str]:
    checked: list[str] = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda pw, stored: checked.append(stored) or real(pw, stored))
    return checked


def test_a_ticket_resumes_on_a_restarted_relay_without_a_password_check(seeded_db, monkeypatch):
    db_url, _ = seeded_db
    checked = count_password_checks(monkeypatch)

    async def scenario():
        async with running_relay(db_url) as first:
            ok = await login(first.url, "d01", password=DEMO_PASSWORD)
        checks_at_login = len(checked)
        async with running_relay(db_url) as second:  # a restart, or a standby taking over: same database
            resumed = await login(second.url, "d01", ticket=ok["ticket"])
        return ok, checks_at_login, resumed

    ok, checks_at_login, resumed = run(scenario())
    assert ok["t"] == "auth.ok" and ok["ticket"] and checks_at_login == 1
    assert resumed["t"] == "auth.ok" and resumed["account"] == "d01" and resumed["role"] == ok["role"]
    assert len(checked) == checks_at_login  # no scrypt for the resume
    before, after = tickets.claims_of(ok["ticket"]), tickets.claims_of(resumed["ticket"])
    assert after.session == before.session and after.since == before.since and after.expires >= before.expires


def test_tampered_misused_expired_and_voided_tickets_are_refused(seeded_db):
    db_url, _ = seeded_db
    clock = Clock()

    async def scenario():
        async with running_relay(db_url, clock=clock, auth=LENIENT) as relay:
            url = relay.url
            d01 = (await login(url, "d01", password=DEMO_PASSWORD))["ticket"]
            d01_again = (await login(url, "d01", password=DEMO_PASSWORD))["ticket"]
            d02 = (await login(url, "d02", password=DEMO_PASSWORD))["ticket"]
            body, mac = d01.split(".")
            outcomes = {
                "tampered": await login(url, "d01", ticket=f"{body}.{'A' if mac[0] != 'A' else 'B'}{mac[1:]}"),
                "another account's": await login(url, "d02", ticket=d01),
                "not a ticket": await login(url, "d01", ticket="x"),
                "good": await login(url, "d01", ticket=d01),
            }
            async with Recorder(url, "a01") as admin:
                await admin.cmd("account.disable", account="d02", note="离职")
                outcomes["disabled"] = await login(url, "d02", ticket=d02)
                await admin.cmd("account.set_password", account="d01", password="Xq7-penguin-river")
                outcomes["password reset"] = await login(url, "d01", ticket=d01_again)
            admin_ticket = (await login(url, "a01", password=DEMO_PASSWORD))["ticket"]
            outcomes["fresh"] = await login(url, "a01", ticket=admin_ticket)
            clock.now += LENIENT.resume_ticket_s + 1
            outcomes["expired"] = await login(url, "a01", ticket=admin_ticket)
            outcomes["password after expiry"] = await login(url, "a01", password=DEMO_PASSWORD)
            return outcomes

    outcomes = run(scenario())
    accepted = {why for why, reply in outcomes.items() if reply["t"] == "auth.ok"}
    assert accepted == {"good", "fresh", "password after expiry"}, outcomes
    assert all(reply["code"] == "E_AUTH_FAILED" for why, reply in outcomes.items() if why not in accepted)


def test_the_console_client_resumes_on_the_standby_with_its_ticket(seeded_db, monkeypatch):
    db_url, _ = seeded_db
    checked = count_password_checks(monkeypatch)

    async def scenario():
        async with running_relay(db_url) as first:
            client = RelayClient(f"{first.url},ws://127.0.0.1:1", "d01", DEMO_PASSWORD, backoff=(0.05, 0.2))
            client.start()
            await client.wait_live()
            checks_at_login = len(checked)
            url = first.url
        try:
            async with running_relay(db_url, port=int(url.rsplit(":", 1)[1])):  # the relay back at its address
                await wait_until(lambda: client.reconnects >= 1 and client.live.is_set(), timeout=20,
                                 what="the client is live again")
                return checks_at_login, client.account
        finally:
            await client.close()

    checks_at_login, account = run(scenario())
    assert checks_at_login == 1 and account["account"] == "d01"
    assert len(checked) == checks_at_login  # the reconnect used the ticket
