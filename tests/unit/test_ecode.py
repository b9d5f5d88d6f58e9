"""e码 pieces without sockets: plate signatures, the abuse gate, and the public deciders."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.decide import decide
from console.domain.decide_common import Actor
from console.domain.decide_public import PUBLIC_ACTOR
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.state import State, apply
from console.domain.workers import Role
from console.ecode.abuse import AbuseGate, PublicLimits, Refused
from console.ecode.page import inert_json
from console.ecode.signing import PlateSigner, load_secret
from console.field.district import generate_district

SECRET = b"0123456789abcdef0123456789abcdef"
DESK = Actor("d01", Role.DISPATCHER)


def test_plate_signatures_cannot_be_invented_and_an_epoch_revokes_them():
    signer = PlateSigner(SECRET, epoch=1)
    sig = signer.sign("3205080190010010001")
    assert len(sig) == 16 and signer.valid("3205080190010010001", sig) and signer.valid("3205080190010010001",
                                                                                        sig.upper())
    assert not signer.valid("3205080190010010002", sig)  # another door
    assert not PlateSigner(SECRET, epoch=2).valid("3205080190010010001", sig)  # reissued plates
    assert not PlateSigner(b"another secret of 32 bytes......", epoch=1).valid("3205080190010010001", sig)
    assert not signer.valid("3205080190010010001", None)
    assert signer.url("https://e.example.cn/", "32/05") == f"https://e.example.cn/e/32%2F05?s={signer.sign('32/05')}"
    assert signer.tag("client", "") == "" and signer.tag("client", "a") != signer.tag("addr", "a")
    with pytest.raises(ValueError):
        PlateSigner(b"short")


def test_the_secret_is_made_once_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("JINGWANG_ECODE_SECRET", raising=False)
    first = load_secret(tmp_path)
    assert len(first) == 64 and load_secret(tmp_path) == first
    assert (tmp_path / "ecode.secret").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("JINGWANG_ECODE_SECRET", "configured-secret-value")
    assert load_secret(tmp_path) == b"configured-secret-value"


def test_the_gate_counts_only_admitted_reports_and_blocks_marked_senders():
    now = [1000.0]
    gate = AbuseGate(PublicLimits(per_address=2, address_window_s=60, per_plate=10, plate_window_s=60,
                                  total_per_min=100, block_s=3600), clock=lambda: now[0])
    gate.admit("c1", "a1", "p1")
    gate.admit("c1", "a1", "p1")
    with pytest.raises(Refused) as refused:
        gate.admit("c1", "a1", "p1")
    assert refused.value.status == 429 and 0 < refused.value.retry_after <= 60
    gate.admit("c2", "a2", "p1")  # another address still may
    now[0] += 61
    gate.admit("c1", "a1", "p1")  # the window moved on
    gate.block(["c2", ""], since_s=now[0])
    with pytest.raises(Refused) as blocked:
        gate.admit("c2", "a3", "p2")
    assert blocked.value.status == 403
    now[0] += 3601
    gate.admit("c2", "a3", "p2")


def test_inert_json_cannot_close_its_script_block():
    text = inert_json({"address": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text


@pytest.fixture
def state():
    demo = generate_district(seed=3, workers=24)
    return State(demo.district, {w.id: w for w in demo.workers})


def _do(state: State, actor: Actor, op: str, args: dict) -> Event:
    event_type, data = decide(state, actor, op, args, 1_700_000_000_000, state.seq + 1)
    event = Event(state.seq + 1, 1_700_000_000_000, event_type, actor.account, data)
    apply(state, event)
    return event


def test_public_ops_are_for_the_public_listener_only_and_the_desk_answers_them(state):
    address = state.district.addresses[0]
    args = {"address_code": address.code, "text": "路灯坏了", "receipt": "E0123456789ABCDEF"}
    with pytest.raises(DomainError) as forbidden:
        decide(state, DESK, "ecode.report", args, 0, 1)
    assert forbidden.value.code == "E_FORBIDDEN"
    reported = _do(state, PUBLIC_ACTOR, "ecode.report", args)
    inc = state.incidents[reported.data["incident"]]
    assert inc.source.value == "ecode" and inc.category == "990000" and inc.public["receipt"] == args["receipt"]
    with pytest.raises(DomainError):
        decide(state, PUBLIC_ACTOR, "incident.public_reply", {"incident": inc.id, "note": "x"}, 0, 9)
    _do(state, DESK, "incident.public_reply", {"incident": inc.id, "note": "已修复"})
    marked = _do(state, DESK, "incident.mark_abuse", {"incident": inc.id, "note": "重复骚扰"})
    assert inc.public["reply"] == "已修复" and inc.public["abuse_at"] and marked.type == ev.ABUSE_MARKED
    assert [t.action for t in inc.timeline] == ["report", "public_reply", "abuse"]
    with pytest.raises(DomainError) as twice:
        decide(state, DESK, "incident.mark_abuse", {"incident": inc.id, "note": "again"}, 0, 99)
    assert twice.value.code == "E_TRANSITION"


def test_self_declaration_goes_to_the_grid_worker_and_its_check_follows_the_duplicate_rule(state):
    address = next(a for a in state.district.addresses if state.responsible_of(a.grid_code))
    fields = {"name": "李四", "id_number": "11010519491231002X", "phone": "13900000000", "relation": "借住"}
    submitted = _do(state, PUBLIC_ACTOR, "ecode.declare",
                    {"address_code": address.code, "fields": fields, "receipt": "EAAAAAAAAAAAAAAAA"})
    sub = state.submissions[submitted.data["submission"]]
    assert sub.worker_id in state.responsible_of(address.grid_code) and sub.fields["floating"] is True
    order = _do(state, PUBLIC_ACTOR, "ecode.verify", {"submission": sub.id})
    assert order.data["kind"] == "verify_person" and order.data["worker"] == sub.worker_id
    # once the person has been checked, a second declaration's check is refused by the order rule
    worker = Actor(sub.worker_id.lower(), Role.GRID_WORKER, sub.worker_id)
    _do(state, worker, "order.sign", {"order": order.data["order"]})
    _do(state, worker, "order.feedback",
        {"order": order.data["order"], "note": "已核实", "confirmed": True})
    _do(state, Actor("m01", Role.OFFICER), "submission.return", {"submission": sub.id, "note": "信息不全"})
    again = _do(state, PUBLIC_ACTOR, "ecode.declare",
                {"address_code": address.code, "fields": fields, "receipt": "EBBBBBBBBBBBBBBBB"})
    with pytest.raises(DomainError) as recent:
        decide(state, PUBLIC_ACTOR, "ecode.verify", {"submission": again.data["submission"]}, 1_700_000_000_000,
               state.seq + 1)
    assert recent.value.code == "E_RECENTLY_VERIFIED"


@pytest.mark.parametrize("bad", [{"id_number": "110105194912310021"}, {"phone": "12345"}, {"relation": "霸占"},
                                 {"move_in": "2024-13-01"}, {"name": " "}, {"religion": "x"}])
def test_a_declaration_with_a_bad_field_is_refused(state, bad):
    fields = {"name": "王五", "id_number": "11010519491231002X", "phone": "13900000000", **bad}
    with pytest.raises(DomainError) as refused:
        decide(state, PUBLIC_ACTOR, "ecode.declare", {"address_code": state.district.addresses[0].code,
                                                      "fields": fields, "receipt": "E1"}, 0, 1)
    assert refused.value.code == "E_FIELD"
