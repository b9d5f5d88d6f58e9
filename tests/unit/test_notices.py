"""信息推送: a notice reaches exactly the grid workers it is addressed to, who mark it read; replay agrees."""

from __future__ import annotations

import json

import pytest

from console.domain.catalogue import validate_args
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import NOTICE_READ, NOTICE_SENT
from console.domain.places import PoliceGrid
from console.domain.state import State, apply
from console.domain.visibility import View
from console.domain.workers import Role, Worker, WorkerKind
from tests.unit.test_visibility import DESK, GRID, OTHER_GRID, W1_VIEW, W3_VIEW, fold, make_state, relay_events, step

W1 = Actor("w1", Role.GRID_WORKER, "W1")
W3 = Actor("w3", Role.GRID_WORKER, "W3")


def with_second_worker_in_grid(state: State) -> State:
    state.workers["W2"] = Worker("W2", "李四", WorkerKind.GRID_WORKER, GRID, "13900000002")
    state.district.police_grids.append(PoliceGrid("PG1", "一警格", "S1", (OTHER_GRID,), ()))
    return state


@pytest.mark.parametrize(("audience", "code", "expected"), [
    ("grid", GRID, ["W1", "W2"]), ("community", "320508019001", ["W1", "W2", "W3"]),
    ("police_grid", "PG1", ["W3"]), ("all", "", ["W1", "W2", "W3"]),
])
def test_notice_send_addresses_the_grid_workers_of_its_audience(audience, code, expected):
    relay = with_second_worker_in_grid(make_state())
    sent = step(relay, DESK, "notice.send", text="今晚有大风", priority="urgent", audience=audience, code=code)
    assert sent.type == NOTICE_SENT and sent.data["workers"] == expected
    notice = relay.notices[sent.data["notice"]]
    assert notice.read_count() == (0, len(expected)) and notice.priority.label == "紧急"


def test_notice_read_marks_the_reader_once_and_only_a_recipient_may():
    relay = with_second_worker_in_grid(make_state())
    notice = step(relay, DESK, "notice.send", text="防汛值班安排", audience="grid", code=GRID).data["notice"]
    read = step(relay, W1, "notice.read", notice=notice)
    assert read.type == NOTICE_READ and relay.notices[notice].read == {"W1": read.at}
    assert relay.notices[notice].read_count() == (1, 2)
    with pytest.raises(DomainError) as again:
        decide(relay, W1, "notice.read", {"notice": notice}, 0, relay.seq + 1)
    assert again.value.code == "E_CONFLICT"
    with pytest.raises(DomainError) as outsider:
        decide(relay, W3, "notice.read", {"notice": notice}, 0, relay.seq + 1)
    assert outsider.value.code == "E_NOT_FOUND"


@pytest.mark.parametrize(("args", "code"), [
    ({"text": "x", "audience": "grid", "code": "999"}, "E_NOT_FOUND"),
    ({"text": "x", "audience": "grid"}, "E_FIELD"),
    ({"text": "\u200b ", "audience": "all"}, "E_FIELD"),
    ({"text": "x", "audience": "all", "priority": "shout"}, "E_FIELD"),
])
def test_a_bad_notice_is_refused(args, code):
    with pytest.raises(DomainError) as refused:
        decide(make_state(), DESK, "notice.send", validate_args("notice.send", args), 0, 1)
    assert refused.value.code == code


def test_a_grid_worker_only_receives_the_notices_addressed_to_it_and_folds_to_a_fresh_snapshot():
    relay = with_second_worker_in_grid(make_state())
    start_w1, start_w3, seq = W1_VIEW.snapshot(relay), W3_VIEW.snapshot(relay), relay.seq
    to_grid = step(relay, DESK, "notice.send", text="一网格通知", audience="grid", code=GRID).data["notice"]
    to_all = step(relay, DESK, "notice.send", text="全体通知", priority="important", audience="all").data["notice"]
    step(relay, W1, "notice.read", notice=to_grid)
    step(relay, Actor("w2", Role.GRID_WORKER, "W2"), "notice.read", notice=to_all)
    events = relay_events(relay, after=seq)

    w1 = fold(W1_VIEW, start_w1, events, relay)
    assert json.loads(json.dumps(w1.to_snapshot()))["notices"] == W1_VIEW.snapshot(relay)["notices"]
    assert set(w1.notices) == {to_grid, to_all}
    assert w1.notices[to_all].workers == ("W1",) and w1.notices[to_all].read == {}  # W2's read is not W1's business
    assert w1.notices[to_grid].read.keys() == {"W1"} and w1.notices[to_grid].by != "d01"
    w3 = fold(W3_VIEW, start_w3, events, relay)
    assert set(w3.notices) == {to_all} and w3.notices[to_all].workers == ("W3",)
    liaison = View(Role.LIAISON, "l01", department="600600")
    assert liaison.snapshot(relay)["notices"] == [] and not any(liaison.sees(e) for e in events)


def with_officer(state: State) -> State:
    """P1, the 社区民警 of the 警格 PG1 (which covers OTHER_GRID, W3's)."""
    state = with_second_worker_in_grid(state)
    state.workers["P1"] = Worker("P1", "王警官", WorkerKind.OFFICER, OTHER_GRID, station_code="S1")
    state.index_officers()
    return state


@pytest.mark.parametrize(("audience", "code", "expected"), [
    ("police_grid", "PG1", ["P1", "W3"]), ("grid", OTHER_GRID, ["P1", "W3"]), ("grid", GRID, ["W1", "W2"]),
])
def test_a_notice_with_officers_reaches_the_officer_of_the_police_grid_who_signs_for_it(audience, code, expected):
    relay = with_officer(make_state())
    sent = step(relay, DESK, "notice.send", text="本周研判", audience=audience, code=code, officers=True)
    assert sent.data["workers"] == expected
    without = step(relay, DESK, "notice.send", text="只给网格员", audience=audience, code=code)
    assert "P1" not in without.data["workers"]
    if "P1" in expected:
        read = step(relay, Actor("m01", Role.OFFICER, "P1"), "notice.read", notice=sent.data["notice"])
        assert read.data == {"notice": sent.data["notice"], "worker": "P1"}
        assert relay.notices[sent.data["notice"]].read_count() == (1, 2)
    else:
        with pytest.raises(DomainError) as outsider:
            decide(relay, Actor("m01", Role.OFFICER, "P1"), "notice.read", {"notice": sent.data["notice"]}, 0, 99)
        assert outsider.value.code == "E_NOT_FOUND"


SHA = "ab" * 32


@pytest.mark.parametrize(("extra", "ok"), [
    ({"file": SHA, "file_name": "研判_2026-W48.pdf"}, True),
    ({"file": SHA}, False), ({"file_name": "a.pdf"}, False), ({"file": "AB" * 32, "file_name": "a.pdf"}, False),
    ({"file": SHA, "file_name": "../a.pdf"}, False), ({"file": SHA, "file_name": "a.docx"}, False),
    ({"file": SHA, "file_name": "a\\b.pdf"}, False),
])
def test_a_notice_names_its_pdf_by_checksum_and_bare_name(extra, ok):
    relay = make_state()
    args = validate_args("notice.send", {"text": "研判", "audience": "all", **extra})
    if not ok:
        with pytest.raises(DomainError) as refused:
            decide(relay, DESK, "notice.send", args, 0, 1)
        assert refused.value.code == "E_FIELD"
        return
    sent = step(relay, DESK, "notice.send", **args)
    notice = relay.notices[sent.data["notice"]]
    assert (notice.file, notice.file_name) == (SHA, "研判_2026-W48.pdf")
    assert State.from_snapshot(json.loads(json.dumps(relay.to_snapshot()))).notices[notice.id].file == SHA


def test_notices_replay_from_the_log_and_survive_a_snapshot_round_trip():
    relay = make_state()
    notice = step(relay, DESK, "notice.send", text="通知", audience="all").data["notice"]
    step(relay, W1, "notice.read", notice=notice)
    replayed = make_state()
    for event in relay_events(relay, after=0):
        apply(replayed, event)
    assert replayed.notices[notice].to_dict() == relay.notices[notice].to_dict()
    again = State.from_snapshot(json.loads(json.dumps(relay.to_snapshot())))
    assert again.notices[notice].read_count() == (1, 2)
