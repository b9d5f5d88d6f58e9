"""Account administration end to end: ``jingwang admin user …`` on the database and through a real relay,
the password policy, roles and scopes that must exist, the last administrator, the first login with an
initial password, and password hashes kept out of every event."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from websockets.exceptions import ConnectionClosed

from console import cli
from console.domain import events as ev
from console.domain.passwords import verify_password
from console.net.client import CommandRefused, RelayClient
from console.services.demo_seed import DEMO_PASSWORD
from console.store.store import Store
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until

STRONG = "Xq7-penguin-river"
NEWER = "Lantern#42-harbour"


def stored(db_url: str) -> tuple[list[ev.Event], dict]:
    """Every stored event, and every account row by name."""
    store = Store(db_url)
    try:
        return store.events_after(0, 100_000), {a.name: a for a in store.accounts()}
    finally:
        store.dispose()


def admin(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(["admin", "user", *argv])


def assert_no_secret(events: list, *passwords: str) -> None:
    body = json.dumps([e.to_wire() if isinstance(e, ev.Event) else e for e in events], ensure_ascii=False)
    assert "scrypt$" not in body and "password_hash" not in body
    for password in passwords:
        assert password not in body


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_cli_offline_add_list_passwd_disable_round_trip(seeded_db, monkeypatch, capsys):
    db_url, _ = seeded_db
    assert admin(["add", "zb01", "--role", "指挥调度员", "--name", "值班员甲", "--password-stdin", "--db", db_url],
                 monkeypatch, STRONG + "\n") == 0
    assert admin(["list", "--db", db_url], monkeypatch) == 0
    listed = capsys.readouterr().out
    assert "zb01\t值班员甲\t指挥调度员\t全辖区\t正常（须改密码）\t从未登录" in listed
    assert admin(["passwd", "zb01", "--password-stdin", "--db", db_url], monkeypatch, NEWER + "\n") == 0
    assert admin(["disable", "zb01", "--note", "调岗", "--db", db_url], monkeypatch) == 0
    assert admin(["list", "--db", db_url], monkeypatch) == 0
    assert "zb01\t值班员甲\t指挥调度员\t全辖区\t停用（须改密码）" in capsys.readouterr().out
    assert admin(["enable", "zb01", "--db", db_url], monkeypatch) == 0

    events, rows = stored(db_url)
    mine = [e for e in events if e.data.get("account") == "zb01"]
    assert [e.type for e in mine] == [ev.ACCOUNT_CREATED, ev.ACCOUNT_PASSWORD_SET, ev.ACCOUNT_DISABLED,
                                      ev.ACCOUNT_ENABLED]
    assert all(e.actor.startswith("cli:") and e.data["addr"].startswith("本机 ") for e in mine)
    assert mine[0].data["role"] == "dispatcher" and mine[2].data["note"] == "调岗"
    assert_no_secret(events, STRONG, NEWER)
    row = rows["zb01"]
    assert verify_password(NEWER, row.password_hash) and not verify_password(STRONG, row.password_hash)
    assert row.must_change and not row.disabled and row.display_name == "值班员甲"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cli_refusals_say_why_and_write_nothing(seeded_db, monkeypatch, capsys):
    db_url, _ = seeded_db
    before = stored(db_url)
    cases = [
        (["add", "zb02", "--role", "dispatcher", "--password-stdin"], "password1\n", "至少需要 3 类"),
        (["add", "zb02", "--role", "dispatcher", "--password-stdin"], "Sh0rt!\n", "长度不足 8 位"),
        (["add", "zb02", "--role", "superuser", "--password-stdin"], STRONG + "\n", "未知角色 'superuser'"),
        (["add", "zb02", "--role", "officer", "--police-grid", "999999", "--password-stdin"], STRONG + "\n",
         "警格 999999 不存在"),
        (["add", "zb02", "--role", "liaison", "--department", "600600", "--grid", "320000000000999",
          "--password-stdin"], STRONG + "\n", "网格 320000000000999 不存在"),
        (["add", "zb02", "--role", "liaison", "--password-stdin"], STRONG + "\n", "须指定职能部门"),
        (["add", "d01", "--role", "dispatcher", "--password-stdin"], STRONG + "\n", "账户 d01 已存在"),
        (["disable", "a01"], "", "不能停用最后一个管理员"),
        (["role", "a01", "dispatcher"], "", "不能取消最后一个管理员的管理员角色"),
        (["role", "d01", "emperor"], "", "未知角色"),
        (["passwd", "nobody", "--password-stdin"], STRONG + "\n", "账户 nobody"),
    ]
    for argv, stdin, reason in cases:
        assert admin([*argv, "--db", db_url], monkeypatch, stdin) == 2, argv
        err = capsys.readouterr().err
        assert reason in err and err.count("\n") == 1, (argv, err)
    monkeypatch.setenv("JINGWANG_PASSWORD", "jingwang2")
    assert cli.main(["db", "password", "d01", "--db", db_url]) == 2
    assert "至少需要 3 类" in capsys.readouterr().err
    assert stored(db_url) == before, "a refused change writes nothing"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cli_through_a_running_relay(seeded_db, monkeypatch, capsys):
    db_url, _ = seeded_db
    monkeypatch.setenv("JINGWANG_PASSWORD", DEMO_PASSWORD)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as watcher:
            url = ["--relay", relay.url, "--user", "a01"]
            offline = await asyncio.to_thread(admin, ["disable", "d02", "--db", db_url], monkeypatch)
            locked_out = capsys.readouterr().err
            added = await asyncio.to_thread(
                admin, ["add", "zb03", "--role", "dispatcher", "--name", "值班员乙", "--password-stdin", *url],
                monkeypatch, STRONG + "\n")
            role = await asyncio.to_thread(admin, ["role", "zb03", "chief", *url], monkeypatch)
            demote = await asyncio.to_thread(admin, ["role", "a01", "dispatcher", *url], monkeypatch)
            await wait_until(lambda: watcher.of_type(ev.ACCOUNT_ROLE_SET), what="the role change reaches a console")
            listed = await asyncio.to_thread(admin, ["list", *url], monkeypatch)
            async with raw_socket(relay.url) as ws:
                first = await exchange(ws, {"v": 1, "t": "auth", "id": "a", "user": "zb03", "password": STRONG})
            return offline, locked_out, added, role, demote, listed, first, watcher.events, relay.writer.state

    offline, locked_out, added, role, demote, listed, first, seen, state = run(scenario())
    out = capsys.readouterr()
    assert offline == 2 and "中继正在运行" in locked_out and "--relay" in locked_out
    assert (added, role, demote, listed) == (0, 0, 2, 0)
    assert "不能取消最后一个管理员的管理员角色" in out.err
    assert "zb03\t值班员乙\t值班长\t全辖区\t正常（须改密码）" in out.out
    created = next(e for e in seen if e.type == ev.ACCOUNT_CREATED)
    assert created.actor == "a01" and created.data["addr"] == "127.0.0.1" and created.data["account"] == "zb03"
    assert first["t"] == "auth.ok" and first["role"] == "chief" and first["must_change"] is True
    assert state.accounts["zb03"].role == "chief"
    assert_no_secret(seen, STRONG)


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_initial_password_must_be_changed_before_anything_else(seeded_db):
    db_url, demo = seeded_db
    address = demo.district.addresses[0].code

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin_desk, \
                Recorder(relay.url, "d01") as desk:
            await admin_desk.cmd("account.create", account="zb04", role="dispatcher", password=STRONG)
            async with raw_socket(relay.url) as ws:
                auth = await exchange(ws, {"v": 1, "t": "auth", "id": "a", "user": "zb04", "password": STRONG})
                refused = [await exchange(ws, {"v": 1, "t": "subscribe", "id": "s", "after": None}),
                           await exchange(ws, {"v": 1, "t": "cmd", "id": "c1", "op": "incident.report",
                                               "args": {"category": "200200", "address_code": address}})]
                change = {"v": 1, "t": "cmd", "op": "account.change_own_password"}
                wrong_old = await exchange(ws, {**change, "id": "c2", "args": {"old": "Wrong-old-1", "new": NEWER}})
                weak = await exchange(ws, {**change, "id": "c3", "args": {"old": STRONG, "new": "newpassword"}})
                same = await exchange(ws, {**change, "id": "c4", "args": {"old": STRONG, "new": STRONG}})
                ok = await exchange(ws, {**change, "id": "c5", "args": {"old": STRONG, "new": NEWER}})
                works = await exchange(ws, {"v": 1, "t": "cmd", "id": "c6", "op": "incident.report",
                                            "args": {"category": "200200", "address_code": address}})
            async with raw_socket(relay.url) as ws:
                again = await exchange(ws, {"v": 1, "t": "auth", "id": "a", "user": "zb04", "password": NEWER})
            await wait_until(lambda: desk.of_type(ev.ACCOUNT_PASSWORD_CHANGED), what="the change reaches a desk")
            return auth, refused, wrong_old, weak, same, ok, works, again, admin_desk.events + desk.events

    auth, refused, wrong_old, weak, same, ok, works, again, seen = run(scenario())
    assert auth["must_change"] is True
    assert [r["code"] for r in refused] == ["E_PASSWORD_CHANGE_REQUIRED"] * 2
    assert refused[0]["zh"].startswith("请先修改初始密码")
    assert wrong_old["code"] == "E_FIELD" and "原密码不正确" in wrong_old["zh"]
    assert weak["code"] == same["code"] == "E_WEAK_PASSWORD"
    assert ok["t"] == "ack" and works["t"] == "ack"
    assert again["t"] == "auth.ok" and again["must_change"] is False
    changed = next(e for e in seen if e.type == ev.ACCOUNT_PASSWORD_CHANGED)
    assert changed.actor == "zb04" and changed.data == {"account": "zb04", "addr": "127.0.0.1"}
    assert_no_secret(seen, STRONG, NEWER)
    events, rows = stored(db_url)
    assert_no_secret(events, STRONG, NEWER)
    assert verify_password(NEWER, rows["zb04"].password_hash) and not rows["zb04"].must_change


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_client_changes_an_initial_password_and_goes_live(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin_desk:
            await admin_desk.cmd("account.set_password", account="d02", password=STRONG)
            snapshots = []
            client = RelayClient(relay.url, "d02", STRONG, on_snapshot=snapshots.append)
            client.start()
            try:
                await asyncio.wait_for(client.connected.wait(), 10)
                held = client.must_change, client.live.is_set()
                with pytest.raises(CommandRefused) as weak:
                    await client.change_password(STRONG, "short")
                await client.change_password(STRONG, NEWER)
                await client.wait_live()
                return held, weak.value.code, client.must_change, len(snapshots)
            finally:
                await client.close()

    held, weak, must_change, snapshots = run(scenario())
    assert held == (True, False), "logged in, but not subscribed while the initial password stands"
    assert weak == "E_WEAK_PASSWORD"
    assert must_change is False and snapshots == 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_reset_or_role_change_closes_the_accounts_connections(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin_desk:
            closes = []
            for op, args in (("account.set_password", {"password": STRONG}), ("account.set_role", {"role": "chief"})):
                async with raw_socket(relay.url, "d02", STRONG if closes else DEMO_PASSWORD) as victim:
                    await admin_desk.cmd(op, account="d02", **args)
                    with pytest.raises(ConnectionClosed) as closed:
                        await victim.recv()
                    closes.append(closed.value.rcvd)
            return closes

    reset, role = run(scenario())
    assert reset.code == 4004 and "密码已被管理员重置" in reset.reason
    assert role.code == 4005 and "角色或范围已变更" in role.reason


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_desk_scoped_to_a_police_grid_acts_only_inside_it(seeded_db):
    db_url, demo = seeded_db
    district = demo.district
    mine, other = district.police_grids[0], district.police_grids[1]
    inside = next(a for a in district.addresses if a.grid_code in mine.grid_codes)
    outside = next(a for a in district.addresses if a.grid_code in other.grid_codes)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin_desk, \
                Recorder(relay.url, "d01") as desk:
            unknown = None
            try:
                await admin_desk.cmd("account.create", account="zb05", role="dispatcher", password=STRONG,
                                     scope={"police_grids": ["NOPE"]})
            except CommandRefused as err:
                unknown = err.error
            await admin_desk.cmd("account.create", account="zb05", role="dispatcher", password=STRONG,
                                 scope={"police_grids": [mine.code]})
            a = await desk.cmd("incident.report", category="200200", address_code=inside.code)
            b = await desk.cmd("incident.report", category="200200", address_code=outside.code)
            await wait_until(lambda: b["seq"] in {e.seq for e in desk.events}, what="both reports")
            ids = {e.seq: e.data["incident"] for e in desk.events if e.type == ev.INCIDENT_REPORTED}
            client = RelayClient(relay.url, "zb05", STRONG, subscribe=False)
            client.start()
            try:
                await asyncio.wait_for(client.connected.wait(), 10)
                await client.change_password(STRONG, NEWER)
                accepted = await client.request("incident.accept", {"incident": ids[a["seq"]]})
                with pytest.raises(CommandRefused) as refused:
                    await client.request("incident.accept", {"incident": ids[b["seq"]]})
            finally:
                await client.close()
            return unknown, accepted, refused.value.error

    unknown, accepted, refused = run(scenario())
    assert unknown["code"] == "E_FIELD" and "警格 NOPE 不存在" in unknown["zh"]
    assert accepted["t"] == "ack"
    assert refused["code"] == "E_FORBIDDEN" and f"网格 {outside.grid_code} 不在本账号范围内" in refused["zh"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_demo_accounts_log_in_without_a_password_prompt(seeded_db):
    db_url, _ = seeded_db
    _, rows = stored(db_url)

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url) as ws:
            return await exchange(ws, {"v": 1, "t": "auth", "id": "a", "user": "d01", "password": DEMO_PASSWORD})

    assert rows and not any(row.must_change for row in rows.values())
    assert run(scenario())["must_change"] is False
