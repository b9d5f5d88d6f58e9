"""Field photos: the schema takes only a complete JPEG in base64 that fits a frame, and the report or
submission carrying it keeps it (event data, state, snapshot round trip)."""

from __future__ import annotations

import base64
import json

import pytest

from console.domain.catalogue import validate_args
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.incidents import Incident
from console.domain.places import Community, District, Grid
from console.domain.state import State, apply
from console.domain.visibility import View
from console.domain.workers import Role, Worker, WorkerKind
from console.protocol.messages import ProtocolError, parse_client

JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8 + b"\xff\xd9").decode()
REPORT = {"category": "200200", "lng": 120.605, "lat": 31.305, "narrative": "占道经营"}
HAZARD = {"kind": "hazard", "fields": {"type": "消防", "description": "楼道堆放杂物"}}
SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
WORKER = Actor("w1", Role.GRID_WORKER, "W1")


@pytest.mark.parametrize(("op", "args"), [("incident.report", REPORT), ("submission.submit", HAZARD)])
def test_a_jpeg_is_accepted_on_reports_and_submissions(op, args):
    assert validate_args(op, {**args, "photo": JPEG})["photo"] == JPEG


@pytest.mark.parametrize(("photo", "why"), [
    ("not base64 at all!", "base64"),
    (base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode(), "JPEG"),
    (JPEG[:-8], "JPEG"),  # cut short: no end-of-image marker
    ("data:image/jpeg;base64," + JPEG, "base64"),
    (12345, "类型"),
    ("/9j/" + "A" * (56 * 1024), "过长"),
])
def test_anything_but_a_complete_jpeg_of_bounded_size_is_refused(photo, why):
    with pytest.raises(DomainError) as err:
        validate_args("incident.report", {**REPORT, "photo": photo})
    assert err.value.code == "E_FIELD" and why in err.value.detail


def test_a_frame_over_the_message_limit_is_refused_whole():
    big = base64.b64encode(b"\xff\xd8\xff\xe0" + b"\x10" * 41_000 + b"\xff\xd9").decode()
    args = {**REPORT, "narrative": "很" * 3900, "photo": big}
    assert validate_args("incident.report", args)  # each field fits, the frame does not
    frame = {"v": 1, "t": "cmd", "id": "k1", "op": "incident.report", "args": args}
    with pytest.raises(ProtocolError) as err:
        parse_client(json.dumps(frame, ensure_ascii=False))
    assert err.value.code == "E_TOO_LARGE"


@pytest.fixture
def state() -> State:
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid("320508019001001", "一网格", "320508019001", SQUARE)])
    return State(district, {"W1": Worker("W1", "张三", WorkerKind.GRID_WORKER, "320508019001001")})


def _step(state: State, op: str, args: dict) -> Event:
    seq = state.seq + 1
    event_type, data = decide(state, WORKER, op, args, 1_700_000_000_000, seq)
    event = Event(seq, 1_700_000_000_000, event_type, WORKER.account, data)
    apply(state, event)
    return event


def test_the_report_keeps_its_photo_through_state_and_snapshot(state):
    event = _step(state, "incident.report", {**REPORT, "photo": JPEG})
    incident = state.incidents[event.data["incident"]]
    assert event.data["photo"] == JPEG and incident.photo == JPEG
    assert Incident.from_dict(json.loads(json.dumps(incident.to_dict()))).photo == JPEG
    narrowed = View(Role.GRID_WORKER, "w1", frozenset({"W1"})).snapshot(state)
    restored = State.from_snapshot(json.loads(json.dumps(narrowed)))
    assert restored.incidents[incident.id].photo == JPEG


def test_a_report_without_photo_carries_none(state):
    event = _step(state, "incident.report", REPORT)
    assert "photo" not in event.data and state.incidents[event.data["incident"]].photo == ""


def test_the_submission_keeps_its_photo(state):
    event = _step(state, "submission.submit", {**HAZARD, "photo": JPEG})
    assert state.submissions[event.data["submission"]].photo == JPEG
    restored = State.from_snapshot(json.loads(json.dumps(state.to_snapshot())))
    assert restored.submissions[event.data["submission"]].photo == JPEG
