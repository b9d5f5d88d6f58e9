"""jingwang import account: through a real relay the table's accounts are created as the administrator's events,
must change their (given or generated) password at first login, the generated ones reach only the 0600
passwords file; the same table again changes nothing; any bad row is named by its cell and nothing is
written; offline the rows commit in one transaction and are refused while a relay holds the database."""

from __future__ import annotations

import csv
import stat

import pytest

from console import cli
from console.domain import events as ev
from console.domain.password_policy import PasswordPolicy
from console.services import account_import as ai
from console.services.accounts_admin import AdminRefused
from console.services.demo_seed import DEMO_PASSWORD
from console.store.store import Store
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay
from tests.integration.test_account_admin import assert_no_secret, stored
from tests.unit.test_import_tables import xlsx

GIVEN = "Xq7-penguin-river"
HEADER = ["账号", "姓名", "角色", "范围", "初始密码"]
POLICY = PasswordPolicy()


def table(tmp_path, demo, name="accounts.xlsx"):
    station, pg = demo.district.stations[0].code, demo.district.police_grids[0].code
    return xlsx(tmp_path / name, [HEADER,
                                  ["zb11", "值班员甲", "指挥调度员", f"派出所:{station}", GIVEN],
                                  ["zb12", "值班长乙", "chief", f"--station {station}", None],
                                  ["zb13", "民警丙", "社区民警", f"警格：{pg}", ""],
                                  ["d01", "调度员一", "指挥调度员", f"派出所:{station}", "ignored-Pw-123"]])


def test_account_import_through_a_relay(seeded_db, tmp_path):
    url, demo = seeded_db
    path = table(tmp_path, demo)
    out = tmp_path / "初始密码.csv"
    lines: list[str] = []

    async def scenario():
        async with running_relay(url) as relay, Recorder(relay.url, "c01") as desk:
            first = await ai.import_accounts_via_relay(relay.url, "a01", DEMO_PASSWORD,
                                                       ai.AccountRequest(path, out), POLICY, lines.append)
            generated = {row["账号"]: row["初始密码"] for row in csv.DictReader(out.open(encoding="utf-8-sig"))}
            logins = {}
            for name, password in (("zb11", GIVEN), *generated.items()):
                async with raw_socket(relay.url) as ws:
                    logins[name] = await exchange(ws, {"v": 1, "t": "auth", "id": "a", "user": name,
                                                       "password": password})
            head = relay.writer.state.seq
            again = await ai.import_accounts_via_relay(relay.url, "a01", DEMO_PASSWORD,
                                                       ai.AccountRequest(path, tmp_path / "again.csv"), POLICY,
                                                       lines.append)
            return first, generated, logins, head, again, relay.writer.state, desk.events

    first, generated, logins, head, again, state, seen = run(scenario())
    assert (first.exit_code, first.created, first.updated) == (0, 3, 1), "three new, d01's scope"
    assert set(generated) == {"zb12", "zb13"}, "only the generated passwords go to the file"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert all(POLICY.problem(p, n) == "" for n, p in generated.items())
    assert all(a["t"] == "auth.ok" and a["must_change"] is True for a in logins.values())
    assert not any(p in line for line in lines for p in (GIVEN, *generated.values())), "never printed"
    assert state.accounts["zb13"].role == "officer" and state.accounts["zb12"].scope == {
        "station": demo.district.stations[0].code}
    assert state.accounts["d01"].scope == {"station": demo.district.stations[0].code}
    made = [e for e in seen if e.type in (ev.ACCOUNT_CREATED, ev.ACCOUNT_SCOPE_SET)]
    assert [e.actor for e in made] == ["a01"] * 4, "the importing admin is the actor"
    assert_no_secret(seen, GIVEN, *generated.values())
    assert (again.exit_code, again.created, again.updated) == (0, 0, 0) and state.seq == head
    assert not (tmp_path / "again.csv").exists() and lines[-1] == "没有需要导入的变化：0 行变更"
    _, rows = stored(url)
    assert rows["zb12"].must_change and rows["d01"].must_change is False, "an import never resets a password"


def test_bad_rows_are_named_by_cell_and_nothing_is_written(seeded_db, tmp_path):
    url, demo = seeded_db
    station = demo.district.stations[0].code
    path = xlsx(tmp_path / "bad.xlsx", [HEADER,
                                        ["zb21", "甲", "superuser", "", GIVEN],
                                        ["zb22", "乙", "指挥调度员", "派出所:999999999999", GIVEN],
                                        ["zb23", "丙", "指挥调度员", f"派出所:{station}", GIVEN],
                                        ["zb23", "丁", "值班长", "", GIVEN],
                                        ["zb24", "戊", "值班长", "", "password"],
                                        ["d01", "调度员一", "管理员", "", ""],
                                        ["zb25", "己", "值班长", "片区:1", ""]])
    lines: list[str] = []

    async def scenario():
        async with running_relay(url) as relay:
            head = relay.writer.state.seq
            outcome = await ai.import_accounts_via_relay(relay.url, "a01", DEMO_PASSWORD,
                                                         ai.AccountRequest(path, tmp_path / "pw.csv"), POLICY,
                                                         lines.append)
            return outcome, head, relay.writer.state

    outcome, head, state = run(scenario())
    named = {(i.row, i.column): i.message for i in outcome.check.issues}
    assert set(named) == {(2, "角色"), (3, "范围"), (5, "账号"), (6, "初始密码"), (7, "角色"), (8, "范围")}
    assert "未知角色 'superuser'" in named[(2, "角色")]
    assert "派出所 999999999999 不存在" in named[(3, "范围")]
    assert "在第4行已出现" in named[(5, "账号")]
    assert "至少需要 3 类" in named[(6, "初始密码")]
    assert "已存在，角色为指挥调度员" in named[(7, "角色")]
    assert "未知的范围类型「片区」" in named[(8, "范围")]
    assert "bad.xlsx 工作表1 第2行 「角色」: 未知角色 'superuser'" in lines[1]
    assert outcome.exit_code == 1 and state.seq == head and "zb23" not in state.accounts
    assert not (tmp_path / "pw.csv").exists()


def test_offline_import_commits_once_and_is_refused_while_a_relay_runs(seeded_db, tmp_path, capsys):
    url, demo = seeded_db
    path = table(tmp_path, demo)
    argv = ["import", "account", str(path), "--db", url, "--passwords-out", str(tmp_path / "pw.csv")]

    async def while_relay_runs():
        async with running_relay(url):
            return cli.main(argv)

    assert run(while_relay_runs()) == 2 and "中继正在运行" in capsys.readouterr().err
    assert not (tmp_path / "pw.csv").exists(), "refused before a password was written"
    assert cli.main(argv) == 0
    events, rows = stored(url)
    made = [e for e in events if e.type in (ev.ACCOUNT_CREATED, ev.ACCOUNT_SCOPE_SET)]
    assert len(made) == 4 and all(e.actor.startswith("cli:") for e in made)
    assert rows["zb13"].must_change and capsys.readouterr().out.count("已新建 3 个账号") == 1
    assert cli.main([*argv[:-1], str(tmp_path / "pw2.csv")]) == 0 and len(stored(url)[0]) == len(events)


def test_generated_passwords_need_a_new_file(seeded_db, tmp_path):
    url, demo = seeded_db
    taken = tmp_path / "pw.csv"
    taken.write_text("keep me")
    store = Store(url)
    try:
        with pytest.raises(AdminRefused, match="已存在"):
            ai.import_accounts_offline(store, ai.AccountRequest(table(tmp_path, demo), taken), POLICY, print)
        with pytest.raises(AdminRefused, match="--passwords-out"):
            ai.import_accounts_offline(store, ai.AccountRequest(table(tmp_path, demo)), POLICY, print)
    finally:
        store.dispose()
    assert taken.read_text() == "keep me" and "zb11" not in stored(url)[1]


def test_skip_bad_imports_the_good_rows_and_writes_the_bad_ones_with_a_reason(seeded_db, tmp_path):
    url, _ = seeded_db
    path = xlsx(tmp_path / "some.xlsx", [HEADER, ["zb31", "甲", "值班长", "", GIVEN],
                                         ["zb32", "乙", "值班长", "", "weak"]])
    store = Store(url)
    try:
        outcome = ai.import_accounts_offline(store, ai.AccountRequest(path, skip_bad=tmp_path / "未导入.csv"),
                                             POLICY, print)
    finally:
        store.dispose()
    assert (outcome.exit_code, outcome.created) == (0, 1)
    bad = list(csv.reader((tmp_path / "未导入.csv").open(encoding="utf-8-sig")))
    assert bad[0][-1] == "错误原因" and bad[1][0] == "zb32" and "「初始密码」密码长度不足" in bad[1][-1]
    assert "weak" not in bad[1], "no password in the bad-rows file"
    assert "zb31" in stored(url)[1] and "zb32" not in stored(url)[1]
