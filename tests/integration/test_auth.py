"""Login hardening over a real relay: throttling and locks, the audit trail, disabled accounts, session
expiry, passwords kept out of logs, and the start-up check against demo passwords off loopback."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from console import cli
from console.domain import events as ev
from console.domain import passwords
from console.net.client import CommandRefused
from console.relay.auth_guard import AuthPolicy
from console.relay.exposure import EXIT_DEMO_ACCOUNTS, demo_password_accounts
from console.services.demo_seed import DEMO_PASSWORD, DEMO_PASSWORDS
from console.store.store import Store
from tests.integration.harness import Recorder, raw_socket, run, running_relay, wait_until

WRONG = "Falsch-错误-7319"


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def login(url: str, user: str, password: str) -> dict:
    """One login attempt on a fresh connection (an attacker reconnecting for every guess)."""
    async with connect(url, compression=None) as ws:
        await ws.send(json.dumps({"v": 1, "t": "auth", "id": "a", "user": user, "password": password}))
        return json.loads(await ws.recv())


def stored_events(db_url: str, event_type: str | None = None) -> list[ev.Event]:
    store = Store(db_url)
    try:
        found = store.events_after(0, 100_000)
    finally:
        store.dispose()
    return [e for e in found if event_type is None or e.type == event_type]


def test_brute_force_throttled_then_locked_and_admin_unlock_restores(seeded_db, monkeypatch):
    db_url, _ = seeded_db
    clock = Clock()
    verified: list[str] = []
    real_verify = passwords.verify_password

    def counting_verify(password: str, stored: str) -> bool:
        verified.append(stored)
        return real_verify(password, stored)

    monkeypatch.setattr(passwords, "verify_password", counting_verify)

    async def scenario():
        async with running_relay(db_url, clock=clock, log_logins=True) as relay, Recorder(relay.url, "d02") as desk:
            codes = []
            for i in range(40):
                reply = await login(relay.url, "d01", f"{WRONG}{i}")
                codes.append(reply["code"])
                if reply["code"] == "E_AUTH_THROTTLED":
                    clock.now += reply["retry_after"]
                elif reply["code"] == "E_AUTH_LOCKED":
                    break
            locked_out = await login(relay.url, "d01", DEMO_PASSWORD)
            await wait_until(lambda: desk.of_type(ev.ACCOUNT_LOCKED), what="the lock reaches a dispatcher")
            alert = relay.writer.state.geofence_alerts.get(("account_locked", "d01"))
            async with Recorder(relay.url, "a01") as admin:
                await admin.cmd("account.unlock", account="d01", note="本人确认")
            restored = await login(relay.url, "d01", DEMO_PASSWORD)
            await wait_until(lambda: ("account_locked", "d01") not in relay.writer.state.geofence_alerts,
                             what="the lock alert cleared")
            verified.clear()
            unknown = await login(relay.url, "nosuchuser", WRONG)
            unknown_work = list(verified)
            verified.clear()
            known = await login(relay.url, "d02", WRONG)
            return codes, locked_out, alert, restored, unknown, unknown_work, known, list(verified)

    codes, locked_out, alert, restored, unknown, unknown_work, known, known_work = run(scenario())
    assert codes.count("E_AUTH_FAILED") == 5, codes
    assert codes.count("E_AUTH_THROTTLED") >= 3 and codes[-1] == "E_AUTH_LOCKED", codes
    assert locked_out["code"] == "E_AUTH_LOCKED" and locked_out["retry_after"] > 800, "the right password waits too"
    assert "锁定" in locked_out["zh"]
    assert alert is not None and "d01" in alert["message"] and "127.0.0.1" in alert["message"]
    assert restored["t"] == "auth.ok"
    # unknown and known user names: the same answer after the same work (one scrypt verification each)
    assert (unknown["code"], unknown["zh"]) == (known["code"], known["zh"]) == ("E_AUTH_FAILED", "用户名或密码错误")
    assert len(unknown_work) == len(known_work) == 1 and unknown_work[0].startswith("scrypt$")
    failed = stored_events(db_url, ev.ACCOUNT_LOGIN_FAILED)
    assert len([e for e in failed if e.data["account"] == "d01"]) == 5, "throttled attempts are not logged one by one"
    assert [e.data["account"] for e in stored_events(db_url, ev.ACCOUNT_LOCKED)] == ["d01"]
    [unlocked] = stored_events(db_url, ev.ACCOUNT_UNLOCKED)
    assert unlocked.actor == "a01"
    assert {k: unlocked.data[k] for k in ("account", "reason", "note")} == {"account": "d01", "reason": "admin",
                                                                            "note": "本人确认"}


def test_login_audited_with_address_and_no_password_in_events_or_logs(seeded_db, caplog):
    db_url, _ = seeded_db
    caplog.set_level(logging.DEBUG)

    async def scenario():
        async with running_relay(db_url, log_logins=True) as relay:
            failed = await login(relay.url, "w0001", WRONG)
            unknown = await login(relay.url, f"{WRONG}-typed-as-user", WRONG)
            async with Recorder(relay.url, "d01"):
                await wait_until(lambda: relay.writer.committed_events >= 3, what="three audit events committed")
            return failed, unknown

    failed, unknown = run(scenario())
    assert failed["code"] == unknown["code"] == "E_AUTH_FAILED"
    events = stored_events(db_url)
    by_type = {e.type: e for e in events}
    assert by_type[ev.ACCOUNT_LOGIN].data == {"account": "d01", "addr": "127.0.0.1", "role": "dispatcher"}
    failures = {(e.data["account"], e.data["reason"], e.data["addr"]) for e in events
                if e.type == ev.ACCOUNT_LOGIN_FAILED}
    assert failures == {("w0001", "password", "127.0.0.1"), (None, "unknown", "127.0.0.1")}
    assert all(e.actor == "system" for e in events)
    body = json.dumps([e.to_wire() for e in events], ensure_ascii=False)
    assert WRONG not in body and DEMO_PASSWORD not in body
    assert "content not logged" in caplog.text, "frames were logged at DEBUG, without their content"
    assert "failed login (password) for 'w0001' from 127.0.0.1" in caplog.text
    assert WRONG not in caplog.text and f'"{DEMO_PASSWORD}"' not in caplog.text and '"password"' not in caplog.text


def test_disabled_account_closes_connection_and_cannot_log_in_until_enabled(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin, \
                raw_socket(relay.url, "d02") as victim:
            await admin.cmd("account.disable", account="d02", note="离职")
            with pytest.raises(ConnectionClosed) as closed:
                await victim.recv()
            refused = await login(relay.url, "d02", DEMO_PASSWORD)
            flag = Store(db_url)
            disabled_in_db = flag.account("d02").disabled
            flag.dispose()
            refusals = []
            for op, account in (("account.disable", "d02"), ("account.disable", "a01"), ("account.enable", "d01"),
                                ("account.unlock", "nobody")):
                try:
                    await admin.cmd(op, account=account)
                except CommandRefused as err:
                    refusals.append(err.code)
            await admin.cmd("account.enable", account="d02")
            again = await login(relay.url, "d02", DEMO_PASSWORD)
            async with Recorder(relay.url, "d01") as dispatcher:
                with pytest.raises(CommandRefused) as forbidden:
                    await dispatcher.cmd("account.unlock", account="d02")
            return closed.value.rcvd, refused, disabled_in_db, refusals, again, forbidden.value.code

    close, refused, disabled_in_db, refusals, again, forbidden = run(scenario())
    assert close.code == 4003 and "账户已停用" in close.reason
    assert refused["code"] == "E_AUTH_FAILED", "a disabled account gets the generic refusal"
    assert disabled_in_db, "the flag is in the accounts table, so it survives a restart"
    # disabling twice, the last administrator, enabling an enabled account; unlocking an unknown name is harmless
    assert refusals == ["E_CONFLICT", "E_CONFLICT", "E_CONFLICT"]
    assert again["t"] == "auth.ok"
    assert forbidden == "E_FORBIDDEN"
    assert [e.type for e in stored_events(db_url) if e.type in (ev.ACCOUNT_DISABLED, ev.ACCOUNT_ENABLED)] == \
        [ev.ACCOUNT_DISABLED, ev.ACCOUNT_ENABLED]


def test_session_expiry_closes_connection_and_the_client_logs_in_again(seeded_db):
    db_url, _ = seeded_db
    clock = Clock()

    async def scenario():
        async with running_relay(db_url, clock=clock, auth=AuthPolicy(session_max_s=3600), housekeeping_s=0.01) \
                as relay, Recorder(relay.url, "d01") as console, raw_socket(relay.url, "d02") as old:
            clock.now += 3599
            first = await console.cmd("incident.report", category="200200", lng=120.62, lat=31.31)  # still fine
            clock.now += 2
            with pytest.raises(ConnectionClosed) as closed:
                while True:  # renewed resume tickets come first ({"t": "ticket"}), then the close
                    assert json.loads(await old.recv())["t"] == "ticket"
            await wait_until(lambda: console.client.reconnects >= 1 and console.client.live.is_set(),
                             what="the console reconnected and logged in again")
            ack = await console.cmd("incident.report", category="200200", lng=120.62, lat=31.31)
            return closed.value.rcvd, first, ack

    close, first, ack = run(scenario())
    assert close.code == 4001 and "会话已过期" in close.reason
    assert ack["seq"] > first["seq"] and not ack["duplicate"], "commands work again after logging in anew"


def test_demo_accounts_refused_off_loopback(seeded_db, capsys, monkeypatch):
    db_url, _ = seeded_db
    code = cli.main(["relay", "--db", db_url, "--host", "0.0.0.0", "--port", "0"])
    err = capsys.readouterr().err
    assert code == EXIT_DEMO_ACCOUNTS
    assert "演示密码" in err and "a01" in err and "--allow-demo-accounts" in err

    monkeypatch.setenv("JINGWANG_PASSWORD", "A-long-private-pass7")
    assert cli.main(["db", "password", "a01", "--db", db_url]) == 0
    assert cli.main(["db", "password", "nobody", "--db", db_url]) == 2
    store = Store(db_url)
    try:
        exposed = demo_password_accounts(store.accounts(), DEMO_PASSWORDS)
    finally:
        store.dispose()
    assert "a01" not in exposed and "d01" in exposed

    proc = subprocess.Popen([sys.executable, "-m", "console", "--log-level", "WARNING", "relay", "--db", db_url,
                             "--host", "0.0.0.0", "--port", "0", "--allow-demo-accounts"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("READY ws://0.0.0.0:"), line
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "明文 ws://" in err and "演示密码" in err, err
