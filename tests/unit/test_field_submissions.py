"""Generated submissions are valid commands the domain accepts, and some update records already in the books."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from console.domain import events as ev
from console.domain.catalogue import validate_args
from console.domain.decide import Actor, decide
from console.domain.records import DISPUTE_TYPES, HAZARD_TYPES, RecordKind, VersionStatus, check_fields
from console.domain.state import State, apply
from console.domain.workers import Role, WorkerKind
from console.field.district import generate_district
from console.field.submissions import SubmissionGenerator

GATEWAY = Actor("fieldsim", Role.FIELD_GATEWAY)


@pytest.fixture(scope="module")
def demo():
    return generate_district(3, 24)


def _state(demo) -> State:
    return State(demo.district, {w.id: w for w in demo.workers})


def _commit(state: State, actor: Actor, op: str, args: dict) -> ev.Event:
    event_type, data = decide(state, actor, op, args, 1_700_000_000_000 + state.seq, state.seq + 1)
    event = ev.Event(state.seq + 1, 1_700_000_000_000 + state.seq, event_type, actor.account, data)
    apply(state, event)
    return event


def test_submissions_are_valid_and_accepted_by_the_domain(demo):
    state = _state(demo)
    gen = SubmissionGenerator(random.Random(4), demo.district)
    grid_workers = [w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER]
    addresses = {a.code: a for a in demo.district.addresses}
    subs = []
    for i in range(600):
        worker = grid_workers[i % len(grid_workers)]
        args = gen.make(worker, state)
        if args is None:
            continue
        assert validate_args("submission.submit", args) is args
        check_fields(RecordKind(args["kind"]), args["fields"])
        assert addresses[args["fields"]["address_code"]].grid_code == worker.grid_code
        assert not any("{" in v for v in args["fields"].values() if isinstance(v, str)) and args["note"].strip()
        event = _commit(state, GATEWAY, "submission.submit", args)
        assert event.type == ev.SUBMISSION_SUBMITTED
        subs.append(args)
    kinds = Counter(a["kind"] for a in subs)
    assert set(kinds) == {k.value for k in RecordKind}
    people = [a["fields"] for a in subs if a["kind"] == "person"]
    assert 0.2 < sum(p["floating"] for p in people) / len(people) < 0.6, "some floating population"
    assert {p["sex"] for p in people} == {"1", "2"} and len({p["ethnicity"] for p in people}) > 1
    houses = [a["fields"] for a in subs if a["kind"] == "house"]
    assert {"rental", "owner"} <= {h["use"] for h in houses}
    assert all(h["occupants"] >= 8 for h in houses if h["use"] == "group_rental")
    assert {a["fields"]["type"] for a in subs if a["kind"] == "dispute"} <= set(DISPUTE_TYPES)
    assert {a["fields"]["type"] for a in subs if a["kind"] == "hazard"} <= set(HAZARD_TYPES)


def test_changes_to_accepted_records_keep_their_key_and_show_a_diff(demo):
    state = _state(demo)
    worker = next(w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER)
    officer_id = state.officers_of_grid[worker.grid_code][0]
    officer = Actor("m01", Role.OFFICER, officer_id)
    gen = SubmissionGenerator(random.Random(9), demo.district, update_share=1.0)
    accepted = set()
    for _ in range(40):  # file and accept records until some person and house records are in the books
        args = gen.make(worker, state)
        if args is None or args["kind"] not in ("person", "house") or "record" in args:
            continue
        submitted = _commit(state, GATEWAY, "submission.submit", args)
        _commit(state, officer, "submission.accept", {"submission": submitted.data["submission"]})
        accepted.add(submitted.data["record"])
    updates = []
    for _ in range(200):
        args = gen.make(worker, state)
        if args is None or "record" not in args:
            continue
        record = state.records[args["record"]]
        before = dict(record.current().fields)
        submitted = _commit(state, GATEWAY, "submission.submit", args)
        assert submitted.data["record"] == record.id and submitted.data["key"] == record.key
        pending = next(v for v in record.versions if v.status is VersionStatus.PENDING)
        assert pending.fields != before, "the reviewer sees what changed"
        updates.append(args["kind"])
        _commit(state, officer, "submission.accept", {"submission": submitted.data["submission"]})
    assert accepted and set(updates) == {"person", "house"}
