"""The event log says in Chinese what each kind of event was, never a raw key=value dump."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.events import Event
from console.ui.event_log import summarize
from console.ui.texts import event_type_label

CASES = [
    (ev.ORDER_ISSUED, {"order": "PD1", "kind": "verify_house", "worker": "W001", "target_text": "仓街32号"},
     ["PD1", "核查房屋", "仓街32号"]),
    (ev.SUBMISSION_SUBMITTED, {"submission": "SB1", "kind": "hazard", "worker": "W001", "fields": {"a": 1}},
     ["SB1", "隐患"]),
    (ev.INCIDENT_SUPERVISED, {"incident": "JQ1", "level": "red", "note": "超时"}, ["JQ1", "红牌督办", "超时"]),
    (ev.INCIDENT_CALLBACK, {"incident": "JQ1", "satisfaction": 2}, ["满意度 2"]),
    (ev.INCIDENT_REFERRED, {"incident": "JQ1", "department": "600600", "order": "ZB1", "note": "转"}, ["城管执法"]),
    (ev.GEOFENCE_ALERT, {"kind": "left_grid", "subject": "W001", "message": "张三 离开网格"}, ["张三 离开网格"]),
    (ev.ZONE_SET, {"zone": "Z1", "name": "学校周边", "polygon": []}, ["学校周边"]),
]


@pytest.mark.parametrize(("event_type", "data", "expected"), CASES)
def test_every_event_type_has_a_chinese_label_and_summary(scenario, event_type, data, expected):
    event = Event(1, 0, event_type, "d01", data)
    line = summarize(scenario.state(), event)
    assert all(part in line for part in expected), line
    assert "=" not in line and "{" not in line
    assert event_type_label(event_type, data) != event_type


def test_every_event_type_is_labelled():
    assert all(event_type_label(t, {"on": True}) != t for t in ev.EVENT_TYPES)


def test_e_code_scan_counters_stay_out_of_the_log(scenario, qtbot):
    from console.ui.event_log import EventLogModel

    model = EventLogModel()
    scans = Event(1, 0, ev.ECODE_SCANNED, "public", {"hour_at": 0, "counts": {"A1": 3}})
    zone = Event(2, 0, ev.ZONE_SET, "d01", {"zone": "Z1", "name": "学校周边", "polygon": []})
    model.add(scenario.state(), [scans, zone])
    assert model.rowCount() == 1 and event_type_label(ev.ECODE_SCANNED) == "扫码计数"
