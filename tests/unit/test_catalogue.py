"""The operation catalogue: every op declared once, the protocol doc generated from it, one permission rule."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from console.domain import events as ev
from console.domain.catalogue import OPERATIONS, client_ops, validate_args
from console.domain.catalogue_doc import BEGIN, END, Q_BEGIN, Q_END, main, operations_table, with_table
from console.domain.decide import Actor, UndeclaredEvent, decide
from console.domain.errors import DomainError
from console.domain.permissions import authorize, may, refusal
from console.domain.places import District
from console.domain.state import State
from console.domain.workers import Role
from tests.catalogue_throwaway import DRILL, DRILL_PINGED

PROTOCOL_DOC = Path(__file__).resolve().parents[2] / "docs" / "PROTOCOL.md"
EVENT_TYPES = {v for k, v in vars(ev).items() if k.isupper() and isinstance(v, str)}


def test_protocol_doc_matches_catalogue():
    doc = PROTOCOL_DOC.read_text(encoding="utf-8")
    assert with_table(doc, operations_table(OPERATIONS.values())) == doc, \
        "docs/PROTOCOL.md is stale: python -m console.domain.catalogue_doc --write docs/PROTOCOL.md"
    assert main(["--check", str(PROTOCOL_DOC)]) == 0


def test_catalogue_doc_check_fails_on_a_stale_table(tmp_path, capsys):
    doc = tmp_path / "PROTOCOL.md"
    doc.write_text(f"# ops\n\n{BEGIN}\n| old | table |\n{END}\n\n{Q_BEGIN}\n{Q_END}\n\nafter\n", encoding="utf-8")
    assert main(["--check", str(doc)]) == 1
    assert main(["--write", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert "| `incident.dispatch` | 派遣 |" in text and "| old | table |" not in text
    assert "| `replay.state` | 回放状态 |" in text
    assert text.startswith("# ops\n") and text.endswith(f"{Q_END}\n\nafter\n")
    assert main(["--check", str(doc)]) == 0
    with pytest.raises(ValueError, match="markers"):
        with_table("no markers here", "| t |")
    capsys.readouterr()


def test_catalogue_doc_row_shows_label_args_roles_rule_and_events():
    rows = operations_table(OPERATIONS.values()).splitlines()
    assert "| `incident.return` | 退回 | incident, worker?, version?, **note** | field, police unit — the assigned" \
           " worker | `incident.returned` |" in rows
    assert "| `account.login` | 登录 | — (the relay only) | the relay | `account.login` |" in rows
    assert len(rows) == 2 + len(OPERATIONS)


def test_catalogue_declarations_are_complete_and_chinese():
    for name, op in OPERATIONS.items():
        assert op.name == name
        assert op.label and all("\u4e00" <= ch <= "\u9fff" for ch in op.label), name
        assert op.roles and all(isinstance(r, Role) for r in op.roles), name
        assert op.emits and set(op.emits) <= EVENT_TYPES, name
        assert callable(op.decider), name
    assert {"account.login", "account.login_failed", "account.lock", "warning.raise", "risk.grade",
            "ecode.scans", "call.stored"} \
        == set(OPERATIONS) - set(client_ops())


def test_catalogue_relay_only_ops_are_unknown_to_clients():
    for op in ("account.login", "account.lock", "call.stored", DRILL):
        with pytest.raises(DomainError) as err:
            validate_args(op, {"account": "d01"})
        assert err.value.code == "E_UNKNOWN_TYPE"


@pytest.mark.parametrize("role", [None, "", "superuser", "SYSTEM"])
def test_catalogue_permission_refuses_anyone_unknown(role):
    assert not may(role, "incident.accept")
    assert refusal(role, "incident.accept").endswith("受理")
    with pytest.raises(DomainError) as err:
        authorize(role, "incident.accept")
    assert err.value.code == "E_FORBIDDEN"


def test_catalogue_permission_refuses_an_unknown_op_and_names_the_role():
    assert not may(Role.DISPATCHER, "incident.fly")
    assert refusal(Role.DISPATCHER, "incident.fly") == "未知操作 incident.fly"
    with pytest.raises(DomainError) as err:
        authorize(Role.DISPATCHER, "incident.fly")
    assert err.value.code == "E_UNKNOWN_TYPE"
    assert refusal(Role.STATION_CHIEF, "incident.dispatch") == "值班长无权派遣"
    assert refusal(None, "incident.dispatch") == "未登录，不能派遣"
    assert refusal("dispatcher", "incident.dispatch") == "" and may(Role.DISPATCHER, "incident.dispatch")
    assert authorize(Role.SYSTEM, "incident.supervise") is OPERATIONS["incident.supervise"]


def test_catalogue_decide_refuses_a_decider_that_emits_an_undeclared_event(monkeypatch):
    zone_remove = OPERATIONS["zone.remove"]
    monkeypatch.setitem(OPERATIONS, "zone.remove", dataclasses.replace(
        zone_remove, decider=lambda *_: (DRILL_PINGED, {}), emits=(ev.ZONE_REMOVED,)))
    state = State(District("测试街道", "320508019"), {})
    with pytest.raises(UndeclaredEvent, match=DRILL_PINGED):
        decide(state, Actor("d01", Role.DISPATCHER), "zone.remove", {"zone": "Z1"}, 0, 1)
