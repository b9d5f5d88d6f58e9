"""Account rules without a relay: the password policy, scopes, what an account must fit, the deciders'
events (never a secret) and where a desk with places in its scope may act."""

from __future__ import annotations

import pytest

from console import config
from console.domain import events as ev
from console.domain.accounts import Account
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.password_policy import PasswordPolicy, classes_of
from console.domain.passwords import hash_password
from console.domain.scope import Scope
from console.domain.state import State, apply
from console.domain.workers import Role
from console.testing.sample_state import build_district, build_roster

DISTRICT = build_district(4, 2)
ADMIN = Actor("a01", Role.ADMIN, workstation="ws1")
HASH = hash_password("Xq7-penguin-river")


@pytest.fixture
def state() -> State:
    s = State(DISTRICT, build_roster(DISTRICT, 10))
    s.accounts = {"a01": Account("a01", "admin"), "d01": Account("d01", "dispatcher")}
    return s


def run(state: State, actor: Actor, op: str, **args) -> ev.Event:
    event_type, data = decide(state, actor, op, {"addr": "10.0.0.9", **args}, 1, state.seq + 1)
    event = ev.Event(state.seq + 1, 1, event_type, actor.account, data)
    apply(state, event)
    return event


@pytest.mark.parametrize(("password", "reason"), [
    ("Abcdefg1", ""), ("密码abc12345", ""), ("abcdefg1", "至少需要 3 类"), ("Ab1!", "长度不足 8 位"),
    ("ABCDEFGH", "只包含 1 类"), (" Abcdefg1", "空格"), ("Xd01-Secret9", "不能包含用户名"),
])
def test_policy_names_the_rule_it_breaks(password, reason):
    why = PasswordPolicy().problem(password, "d01")
    assert reason in why if reason else why == ""


def test_policy_comes_from_settings_and_cjk_is_a_symbol(monkeypatch):
    assert classes_of("Ab1中") == {"小写字母", "大写字母", "数字", "符号"}
    monkeypatch.setenv("JINGWANG_PASSWORD_MIN_LENGTH", "12")
    monkeypatch.setenv("JINGWANG_PASSWORD_MIN_CLASSES", "4")
    policy = config.password_policy()
    assert (policy.min_length, policy.min_classes) == (12, 4)
    with pytest.raises(DomainError) as err:
        policy.check("Abcdefgh12!")
    assert err.value.code == "E_WEAK_PASSWORD" and "至少 12 位" in err.value.zh
    monkeypatch.setenv("JINGWANG_PASSWORD_MIN_CLASSES", "5")
    with pytest.raises(ValueError):
        config.password_policy()


def test_scope_parses_checks_resolves_and_describes():
    pg = DISTRICT.police_grids[0]
    scope = Scope.from_arg({"station": pg.station_code, "grids": [DISTRICT.grids[-1].code]})
    assert Scope.parse(scope.to_dict()) == scope and list(scope.to_dict()) == ["station", "grids"]
    resolved = scope.resolved(DISTRICT)
    assert set(pg.grid_codes) | {DISTRICT.grids[-1].code} <= resolved.grids and resolved.has_places
    assert Scope().describe() == "全辖区" and Scope(department="*").describe() == "全部部门"
    for bad in ({"city": "x"}, {"grids": "one"}, {"station": 5}, []):
        with pytest.raises(DomainError):
            Scope.from_arg(bad)
    assert Scope(grids=frozenset({"nope"}), department="999999").problems(DISTRICT, {}, {}) == \
        ["职能部门 999999 不存在", "网格 nope 不存在"]


def test_create_emits_who_whom_and_where_but_never_the_secret(state):
    with pytest.raises(DomainError) as unprepared:
        run(state, ADMIN, "account.create", account="zb01", role="dispatcher", password="Xq7-penguin-river")
    created = run(state, ADMIN, "account.create", account="zb01", role="指挥调度员", password_hash=HASH,
                  scope={"police_grids": [DISTRICT.police_grids[0].code]})
    assert unprepared.value.code == "E_FIELD"
    assert created.type == ev.ACCOUNT_CREATED and created.actor == "a01"
    assert created.data == {"account": "zb01", "addr": "10.0.0.9", "role": "dispatcher", "display_name": "",
                            "worker_id": "", "scope": {"police_grids": [DISTRICT.police_grids[0].code]},
                            "must_change": True, "ws": "ws1"}
    assert state.accounts["zb01"].must_change and "scrypt" not in repr(state.accounts["zb01"])


@pytest.mark.parametrize(("args", "reason"), [
    ({"role": "grid_worker"}, "须关联花名册中的网格员"),
    ({"role": "grid_worker", "worker": "W005"}, "不能关联社区民警"),
    ({"role": "dispatcher", "worker": "W001"}, "不能关联网格员"),
    ({"role": "liaison"}, "须指定职能部门"),
    ({"role": "dispatcher", "scope": {"department": "600600"}}, "只有部门联络员"),
    ({"role": "officer", "scope": {"workers": ["W001"]}}, "只有外勤网关"),
    ({"role": "root"}, "未知角色 'root'"),
    ({"role": "dispatcher", "scope": {"station": "000"}}, "派出所 000 不存在"),
])
def test_a_role_and_scope_must_exist_and_fit(state, args, reason):
    with pytest.raises(DomainError) as err:
        run(state, ADMIN, "account.create", account="zb02", password_hash=HASH, **args)
    assert reason in err.value.zh


def test_the_last_admin_stays_and_a_second_one_may_go(state):
    for op, extra in (("account.disable", {}), ("account.set_role", {"role": "dispatcher"})):
        with pytest.raises(DomainError) as err:
            run(state, ADMIN, op, account="a01", **extra)
        assert err.value.code == "E_CONFLICT" and "最后一个管理员" in err.value.zh
    run(state, ADMIN, "account.create", account="a02", role="admin", password_hash=HASH)
    demoted = run(state, ADMIN, "account.set_role", account="a01", role="chief")
    assert demoted.data["from"] == "admin" and state.accounts["a01"].role == "chief"


def test_a_desk_with_places_acts_only_inside_them(state):
    inside, outside = DISTRICT.grids[0], DISTRICT.grids[-1]
    desk = Actor("d01", Role.DISPATCHER)
    for grid in (inside, outside):
        (x0, y0), (x2, y2) = grid.polygon[0], grid.polygon[2]
        run(state, desk, "incident.report", category="200200", lng=(x0 + x2) / 2, lat=(y0 + y2) / 2)
    by_grid = {i.grid_code: i.id for i in state.incidents.values()}
    scoped = Actor("zb03", Role.DISPATCHER, scope=Scope(grids=frozenset({inside.code})))
    run(state, scoped, "incident.accept", incident=by_grid[inside.code])
    with pytest.raises(DomainError) as err:
        run(state, scoped, "incident.accept", incident=by_grid[outside.code])
    assert err.value.code == "E_FORBIDDEN" and f"网格 {outside.code} 不在本账号范围内" in err.value.zh
    gateway = Actor("gw", Role.FIELD_GATEWAY, scope=Scope(workers=frozenset({"W001"})))
    with pytest.raises(DomainError) as bound:
        run(state, gateway, "worker.duty", worker="W002", on=True)
    assert "未绑定" in bound.value.zh
