"""``apply`` reports a change set for every event type; payloads are typed and checked from the wire."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.changes import Changes, changes_of
from console.domain.payloads import CallParty, IncidentReferred, MalformedEvent
from console.domain.state import State, apply, apply_all
from console.domain.workers import Position
from console.testing.sample_state import build_district, build_roster

T0 = 1_763_700_000_000
DISTRICT = build_district()
GRID = DISTRICT.grids[0].code
LNG, LAT = DISTRICT.grids[0].polygon[0]
W1, W2 = "W001", "W002"


def report(incident: str) -> dict:
    return {"incident": incident, "category": "200200", "priority": 2, "source": "110", "lng": LNG, "lat": LAT,
            "grid": GRID, "address": "", "narrative": "n", "caller": ""}


def order(order_id: str) -> dict:
    return {"order": order_id, "kind": "visit", "worker": W1, "grid": GRID, "target": "t", "due_at": T0 + 9}


def submission(sid: str, record: str) -> dict:
    return {"submission": sid, "kind": "unit", "worker": W1, "grid": GRID, "record": record, "key": f"unit:{sid}",
            "fields": {"name": "x"}}


def ringing(call: str, *to: str) -> dict:
    return {"call": call, "caller_party": "desk", "media": "audio", "group": "", "to": list(to)}


# (event type, data, what the change set must name): in order, each against the state the ones before made
CASES: list[tuple[str, dict, dict]] = [
    (ev.DUTY_SET, {"worker": W1, "on": True}, {"workers": {W1}}),
    (ev.POSITION_REPORTED, {"worker": W1, "lng": LNG, "lat": LAT, "at": T0}, {"moved": {W1}}),
    (ev.WORKER_SOS, {"worker": W1}, {"workers": {W1}}),
    (ev.WORKER_SOS_CLEARED, {"worker": W1}, {"workers": {W1}}),
    (ev.INCIDENT_REPORTED, report("I1"), {"incidents": {"I1"}}),
    (ev.INCIDENT_ACCEPTED, {"incident": "I1"}, {"incidents": {"I1"}}),
    (ev.INCIDENT_DISPATCHED, {"incident": "I1", "worker": W1}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.INCIDENT_DISPATCHED, {"incident": "I1", "worker": W2}, {"incidents": {"I1"}, "workers": {W2}}),
    (ev.ASSIGNMENT_CANCELLED, {"incident": "I1", "worker": W2}, {"incidents": {"I1"}, "workers": {W2}}),
    (ev.INCIDENT_SIGNED, {"incident": "I1", "worker": W1}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.INCIDENT_ARRIVED, {"incident": "I1", "worker": W1}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.EXTENSION_REQUESTED, {"incident": "I1", "hours": 2}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.EXTENSION_DECIDED, {"incident": "I1", "approve": True}, {"incidents": {"I1"}}),
    (ev.INCIDENT_SUPERVISED, {"incident": "I1", "level": "yellow"}, {"incidents": {"I1"}}),
    (ev.INCIDENT_FEEDBACK, {"incident": "I1", "worker": W1}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.INCIDENT_REWORKED, {"incident": "I1"}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.INCIDENT_FEEDBACK, {"incident": "I1", "worker": W1}, {"incidents": {"I1"}}),
    (ev.INCIDENT_VERIFYING, {"incident": "I1"}, {"incidents": {"I1"}}),
    (ev.INCIDENT_CLOSED, {"incident": "I1"}, {"incidents": {"I1"}, "workers": {W1}}),
    (ev.INCIDENT_CALLBACK, {"incident": "I1", "satisfaction": 5}, {"incidents": {"I1"}}),
    (ev.PUBLIC_REPLIED, {"incident": "I1", "note": "已处理"}, {"incidents": {"I1"}}),
    (ev.ABUSE_MARKED, {"incident": "I1", "note": "spam", "client": "c", "addr": "a"}, {"incidents": {"I1"}}),
    (ev.INCIDENT_REPORTED, report("I2"), {"incidents": {"I2"}}),
    (ev.INCIDENT_ACCEPTED, {"incident": "I2"}, {"incidents": {"I2"}}),
    (ev.INCIDENT_DISPATCHED, {"incident": "I2", "worker": W2}, {"workers": {W2}}),
    (ev.INCIDENT_NOTED, {"incident": "I2", "note": "n", "workers": [W2]}, {"incidents": {"I2"}, "workers": {W2}}),
    (ev.INCIDENT_RECATEGORIZED, {"incident": "I2", "category": "200300", "from": "200200", "note": "n"},
     {"incidents": {"I2"}, "workers": {W2}}),
    (ev.INCIDENT_REPRIORITIZED, {"incident": "I2", "priority": 1, "from": 2, "note": "n"}, {"incidents": {"I2"}}),
    (ev.INCIDENT_READDRESSED, {"incident": "I2", "address": "a", "address_code": "", "lng": LNG, "lat": LAT,
                               "grid": GRID, "from": "", "from_grid": GRID, "note": "n"},
     {"incidents": {"I2"}, "workers": {W2}}),
    (ev.INCIDENT_RETURNED, {"incident": "I2", "worker": W2, "note": "n"}, {"incidents": {"I2"}, "workers": {W2}}),
    (ev.INCIDENT_REFERRED, {"incident": "I2", "department": "600001", "order": "ZB1", "note": "n"},
     {"incidents": {"I2"}, "orders": set()}),
    (ev.REFERRAL_SIGNED, {"incident": "I2"}, {"incidents": {"I2"}}),
    (ev.REFERRAL_FEEDBACK, {"incident": "I2", "note": "done"}, {"incidents": {"I2"}}),
    (ev.INCIDENT_REPORTED, report("I3"), {"incidents": {"I3"}}),
    (ev.INCIDENT_REFERRED, {"incident": "I3", "department": "600001", "order": "ZB2"}, {"incidents": {"I3"}}),
    (ev.REFERRAL_RETURNED, {"incident": "I3", "note": "no"}, {"incidents": {"I3"}}),
    (ev.INCIDENT_VOIDED, {"incident": "I3", "duplicate_of": "I1"}, {"incidents": {"I3"}}),
    (ev.ORDER_ISSUED, {**order("O1"), "incident_link": "I1"}, {"orders": {"O1"}, "workers": {W1}, "incidents": {"I1"}}),
    (ev.ORDER_SIGNED, {"order": "O1"}, {"orders": {"O1"}, "workers": {W1}, "incidents": {"I1"}}),
    (ev.ORDER_DONE, {"order": "O1", "note": "ok"}, {"orders": {"O1"}, "workers": {W1}}),
    (ev.ORDER_ISSUED, order("O2"), {"orders": {"O2"}}),
    (ev.ORDER_RETURNED, {"order": "O2", "note": "no"}, {"orders": {"O2"}, "workers": {W1}}),
    (ev.ORDER_ISSUED, order("O3"), {"orders": {"O3"}}),
    (ev.ORDER_CANCELLED, {"order": "O3"}, {"orders": {"O3"}, "workers": {W1}}),
    (ev.SUBMISSION_SUBMITTED, submission("S1", "R1"), {"submissions": {"S1"}, "records": {"R1"}, "workers": {W1}}),
    (ev.SUBMISSION_ACCEPTED, {"submission": "S1"}, {"submissions": {"S1"}, "records": {"R1"}, "workers": {W1}}),
    (ev.RECORD_INVALIDATED, {"record": "R1", "note": "old"}, {"records": {"R1"}}),
    (ev.SUBMISSION_SUBMITTED, submission("S2", "R2"), {"submissions": {"S2"}}),
    (ev.SUBMISSION_RETURNED, {"submission": "S2", "note": "no"}, {"submissions": {"S2"}, "records": {"R2"}}),
    (ev.GEOFENCE_ALERT, {"kind": "left_grid", "subject": W1, "at": T0, "message": "m"},
     {"alerts": {("left_grid", W1)}}),
    (ev.ZONE_SET, {"zone": "Z1", "name": "z", "polygon": [[LNG, LAT]] * 3}, {"zones": {"Z1"}}),
    (ev.ZONE_REMOVED, {"zone": "Z1"}, {"zones": {"Z1"}}),
    (ev.CALL_RINGING, ringing("C1", W1), {"calls": {"C1"}, "workers": {W1}}),
    (ev.CALL_ACCEPTED, {"call": "C1", "party": W1, "account": "w001"}, {"calls": {"C1"}, "workers": {W1}}),
    (ev.CALL_RECORDED, {"call": "C1", "file": "f", "bytes": 1, "duration_ms": 1, "started_at": T0, "account": "a"},
     {"calls": {"C1"}}),
    (ev.CALL_STORED, {"call": "C1", "part": "", "bytes": 1, "sha256": "0" * 64, "duration_ms": 1, "started_at": T0,
                      "account": "a"}, {"calls": {"C1"}}),
    (ev.CALL_LEFT, {"call": "C1", "party": W1}, {"calls": {"C1"}, "workers": {W1}}),
    (ev.CALL_RINGING, ringing("C2", W1, W2), {"calls": {"C2"}, "workers": {W1, W2}}),
    (ev.CALL_DECLINED, {"call": "C2", "party": W2}, {"calls": {"C2"}, "workers": {W2}}),
    (ev.CALL_ENDED, {"call": "C2"}, {"calls": {"C2"}, "workers": {W1}}),
    (ev.CALL_RINGING, ringing("C3", W2), {"calls": {"C3"}}),
    (ev.CALL_FAILED, {"call": "C3", "reason": "ice"}, {"calls": {"C3"}, "workers": {W2}}),
    (ev.BOOKMARK_ADDED, {"bookmark": "B1", "at": T0, "note": "n", "incident_link": "I1"},
     {"bookmarks": {"B1"}, "incidents": {"I1"}}),
    (ev.BOOKMARK_REMOVED, {"bookmark": "B1"}, {"bookmarks": {"B1"}}),
    (ev.ACCOUNT_LOGIN, {"account": "ddy01", "addr": "a", "role": "dispatcher"}, {"accounts": {"ddy01"}}),
    (ev.ACCOUNT_LOGIN_FAILED, {"account": "ddy01", "addr": "a", "reason": "r"}, {"accounts": {"ddy01"}}),
    (ev.ACCOUNT_LOCKED, {"account": "ddy01", "addr": "a", "failures": 5, "until": T0},
     {"accounts": {"ddy01"}, "alerts": {("account_locked", "ddy01")}}),
    (ev.ACCOUNT_UNLOCKED, {"account": "ddy01", "reason": "admin"}, {"alerts": {("account_locked", "ddy01")}}),
    (ev.ACCOUNT_DISABLED, {"account": "ddy01"}, {"accounts": {"ddy01"}}),
    (ev.ACCOUNT_ENABLED, {"account": "ddy01"}, {"accounts": {"ddy01"}}),
    (ev.ACCOUNT_CREATED, {"account": "zb02", "role": "dispatcher", "addr": "a", "scope": {"station": "S"}},
     {"accounts": {"zb02"}}),
    (ev.ACCOUNT_PASSWORD_SET, {"account": "zb02", "addr": "a"}, {"accounts": {"zb02"}}),
    (ev.ACCOUNT_PASSWORD_CHANGED, {"account": "zb02", "addr": "a"}, {"accounts": {"zb02"}}),
    (ev.ACCOUNT_ROLE_SET, {"account": "zb02", "role": "chief", "from": "dispatcher", "addr": "a"},
     {"accounts": {"zb02"}}),
    (ev.ACCOUNT_SCOPE_SET, {"account": "zb02", "scope": {}, "addr": "a"}, {"accounts": {"zb02"}}),
    (ev.NOTICE_SENT, {"notice": "TZ1", "text": "t", "priority": "normal", "audience": "all", "code": "",
                      "workers": [W1, W2]}, {"notices": {"TZ1"}}),
    (ev.NOTICE_READ, {"notice": "TZ1", "worker": W1}, {"notices": {"TZ1"}, "workers": {W1}}),
    (ev.REFERENCE_UPSERTED, {"kind": "worker", "rows": [
        {"id": "W009", "name": "n", "kind": "grid_worker", "grid": GRID, "phone": "", "mode": "walk",
         "capabilities": ["local"], "station": ""}]}, {"workers": {"W009"}}),
    (ev.REFERENCE_UPSERTED, {"kind": "address", "rows": [
        {"code": "A1", "text": "t", "road": "r", "door": "1", "compound": "", "building": "", "unit": "", "floor": "",
         "room": "", "lng": LNG, "lat": LAT, "grid": GRID, "police_grid": "", "station": ""}]}, {}),
    (ev.REFERENCE_UPSERTED, {"kind": "house", "rows": [
        {"record": "RK1", "key": "house:A1", "grid": GRID, "fields": {"address_code": "A1", "use": "rental"}}]},
     {"records": {"RK1"}}),
    (ev.GRIDS_UPSERTED, {"grids": [{"code": GRID, "name": "改名网格", "community": GRID[:12],
                                    "polygon": [list(p) for p in DISTRICT.grids[0].polygon]}]}, {"grids": {GRID}}),
    (ev.SUBMISSION_SUBMITTED, {**submission("S3", "R3"), "kind": "dispute"}, {"records": {"R3"}}),
    (ev.DISPUTE_GRADED, {"record": "R3", "grade": "orange"}, {"records": {"R3"}}),
    (ev.WARNING_RAISED, {"warning": "YJ1", "rule": "dispute_grade", "level": "orange", "title": "t",
                         "subject": "record:R3", "grid": GRID, "lng": LNG, "lat": LAT, "evidence": ["I1"],
                         "records": ["R3"], "workers": [W1], "due_at": T0 + 9}, {"warnings": {"YJ1"}}),
    (ev.WARNING_SIGNED, {"warning": "YJ1", "workers": [W1], "worker": W1}, {"warnings": {"YJ1"}, "workers": {W1}}),
    (ev.WARNING_FEEDBACK, {"warning": "YJ1", "workers": [W1], "worker": W1, "note": "已走访"},
     {"warnings": {"YJ1"}, "workers": {W1}}),
    (ev.WARNING_SUPERVISED, {"warning": "YJ1", "workers": [W1], "level": "yellow", "auto": "due:yellow",
                             "note": "超时"}, {"warnings": {"YJ1"}}),
    (ev.WARNING_CLOSED, {"warning": "YJ1", "workers": [W1], "note": "已化解"}, {"warnings": {"YJ1"}}),
    (ev.KEY_PERSON_ADDED, {"key_person": "ZD1", "name": "张三", "address_code": "A1", "station": "S1"},
     {"key_persons": {"ZD1"}}),
    (ev.KEY_PERSON_REMOVED, {"key_person": "ZD1", "station": "S1", "note": "迁出"}, {"key_persons": {"ZD1"}}),
    (ev.ECODE_SCANNED, {"hour_at": 1_763_697_600_000, "counts": {"A1": 3}}, {"scans": {1_763_697_600_000}}),
]


def test_apply_reports_change_set_for_every_event_type():
    state = State(DISTRICT, build_roster(DISTRICT, 4))
    for seq, (event_type, data, wanted) in enumerate(CASES, start=1):
        changes = apply(state, ev.Event(seq, T0 + seq, event_type, "ddy01", data))
        assert state.seq == seq and changes, event_type
        for name, ids in wanted.items():
            got = changes.moved() if name == "moved" else getattr(changes, name)
            assert ids <= got if ids else not got, (seq, event_type, name, got)
    assert {t for t, _, _ in CASES} == ev.EVENT_TYPES
    assert state.incidents["I1"].status.value == "closed" and not state.calls["C3"]["parties"].get(W1)
    assert (state.incidents["I2"].category, state.incidents["I2"].priority, state.incidents["I2"].address) \
        == ("200300", 1, "a")
    assert state.records["R3"].grade == "orange" and state.warnings["YJ1"].status.value == "closed"
    assert not state.key_persons
    assert state.notices["TZ1"].read_count() == (1, 2) and state.incidents["I1"].public.get("abuse_at")


def test_change_set_of_a_position_is_the_position_the_state_keeps():
    state = State(DISTRICT, build_roster(DISTRICT, 2))
    changes = apply(state, ev.Event(1, T0, ev.POSITION_REPORTED, "w", {"worker": W1, "lng": 1.5, "lat": 2, "at": 7}))
    assert changes.positions == [Position(W1, 1.5, 2, 7)] and changes.positions[0] is state.positions[W1]
    assert not (changes.workers or changes.incidents)


def test_change_set_of_a_batch_folds_every_event_once_and_skips_duplicates():
    state = State(DISTRICT, build_roster(DISTRICT, 2))
    batch = [ev.Event(1, T0, ev.DUTY_SET, "w", {"worker": W1, "on": True}),
             ev.Event(2, T0, ev.POSITION_REPORTED, "w", {"worker": W1, "lng": 1.0, "lat": 2.0, "at": 1}),
             ev.Event(3, T0, ev.POSITION_REPORTED, "w", {"worker": W1, "lng": 1.5, "lat": 2.0, "at": 2})]
    changes = apply_all(state, batch)
    assert changes.workers == {W1} and [p.lng for p in changes.positions] == [1.0, 1.5]
    assert changes.events == batch
    assert not apply(state, batch[0])  # already folded: nothing changes
    merged = Changes().update(changes).update(Changes(incidents={"I9"}))
    assert merged.incidents == {"I9"} and len(merged.positions) == 2 and not Changes()


@pytest.mark.parametrize(("data", "why"), [
    ({"worker": W1, "lng": "120.1", "lat": 31.2, "at": 1}, "Position"),
    ({"worker": W1, "lat": 31.2, "at": 1}, "lng missing"),
    ({"worker": W1, "lng": True, "lat": 31.2, "at": 1}, "Position"),
    ({"worker": W1, "lng": 120.0, "lat": 31.2, "at": 1, "speed": "fast"}, "speed"),
])
def test_a_malformed_position_from_the_wire_is_refused_when_parsed(data, why):
    with pytest.raises(MalformedEvent, match=why):
        ev.Event.from_wire({"seq": 1, "at": T0, "type": ev.POSITION_REPORTED, "actor": "w", "data": data})


def test_payloads_are_typed_and_checked_for_every_shape():
    wire = {"seq": 1, "at": T0, "type": ev.INCIDENT_REFERRED, "actor": "d",
            "data": {"incident": "I1", "department": "600001", "order": "ZB1", "workers": ["W001"]}}
    referred = ev.Event.from_wire(wire)
    assert referred.payload == IncidentReferred("I1", "600001", "ZB1")  # audience keys stay in data only
    assert referred.to_wire() == wire  # the wire form is unchanged
    party = ev.Event(2, T0, ev.CALL_ACCEPTED, "d", {"call": "C1", "party": "desk", "account": "ddy01"}).payload
    assert party == CallParty("C1", "desk", "ddy01")
    with pytest.raises(MalformedEvent, match="incident missing"):
        ev.Event.from_wire({**wire, "data": {"department": "600001", "order": "ZB1"}})
    with pytest.raises(MalformedEvent, match="priority"):
        ev.Event.from_wire({**wire, "type": ev.INCIDENT_REPORTED, "data": {**report("I1"), "priority": "high"}})
    with pytest.raises(MalformedEvent, match="unknown event type"):
        ev.Event.from_wire({**wire, "type": "incident.teleported"})
    with pytest.raises(MalformedEvent, match="event frame"):
        ev.Event.from_wire({"seq": "x", "at": T0, "type": ev.ZONE_REMOVED, "actor": "d", "data": {"zone": "Z"}})
    assert set(ev.PAYLOADS) == ev.EVENT_TYPES
    unknown_user = ev.Event.from_wire({**wire, "type": ev.ACCOUNT_LOGIN_FAILED,
                                       "data": {"account": None, "addr": "a", "reason": "unknown"}})
    assert unknown_user.payload.account is None  # a failed login under a name no account has
    state = State(DISTRICT, build_roster(DISTRICT, 1))
    assert not apply(state, unknown_user).accounts


def test_change_set_names_duty_and_the_narrow_audiences_the_store_and_fanout_use():
    """Store.commit upserts duty rows and the relay's fan-out routes events from these fields alone (workers,
    departments and stations)."""
    state = State(DISTRICT, build_roster(DISTRICT, 2))
    batch = [ev.Event(1, T0, ev.DUTY_SET, "w", {"worker": W1, "on": True}),
             ev.Event(2, T0, ev.WORKER_SOS, "w", {"worker": W2}),
             ev.Event(3, T0, ev.INCIDENT_REPORTED, "d", report("I1")),
             ev.Event(4, T0, ev.INCIDENT_REFERRED, "d", {"incident": "I1", "department": "600100", "order": "ZB1"}),
             ev.Event(5, T0, ev.POSITION_REPORTED, "w", {"worker": W1, "lng": 1.0, "lat": 2.0, "at": 1})]
    changes = apply_all(state, batch)
    assert changes.duty == {W1, W2}
    st = "st:" + DISTRICT.stations[0].code  # every event here happens in the one station: desks scoped to it
    assert changes.audiences == {1: {W1, st}, 2: {W2, st}, 3: {st}, 4: {"dept:600100", "dept:*", st}, 5: {st}}
    assert changes_of(state, batch).duty == changes.duty  # worked out afterwards, the same

