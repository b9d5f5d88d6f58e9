"""Call events in the event log: who called whom, who answered, why it ended — in Chinese."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.events import Event
from console.ui.event_log import summarize
from console.ui.texts import event_type_label
from tests.unit.test_calls import make_state

RING = {"call": "C0000000000a1", "caller_party": "d01", "media": "video", "group": "", "to": ["W1"],
        "skipped": {"W2": "busy", "W3": "unreachable"}, "status": "ringing", "workers": ["W1"]}
CASES = [
    (ev.CALL_RINGING, RING, "呼叫", ["C0000000000a1", "视频", "d01 → 张三", "李四(忙)", "王五(不在线)"]),
    (ev.CALL_RINGING, {**RING, "caller_party": "W1", "to": ["desk"], "media": "audio", "skipped": {}}, "呼叫",
     ["语音", "张三 → 指挥中心"]),
    (ev.CALL_ACCEPTED, {"call": "C1", "party": "desk", "account": "d02", "status": "active"}, "接通", ["指挥中心"]),
    (ev.CALL_DECLINED, {"call": "C1", "party": "W1", "reason": "正在处置", "status": "ended"}, "拒接",
     ["张三", "正在处置"]),
    (ev.CALL_ENDED, {"call": "C1", "party": "", "reason": "no_answer", "status": "ended"}, "通话结束", ["无人接听"]),
    (ev.CALL_LEFT, {"call": "C1", "party": "W1", "reason": "lost", "status": "active"}, "退出通话",
     ["张三", "连接中断"]),
    (ev.CALL_FAILED, {"call": "C1", "party": "d01", "reason": "ICE failed", "status": "failed"}, "通话失败",
     ["ICE failed"]),
    (ev.CALL_RECORDED, {"call": "C1", "file": "2026-11-22/C1.mkv", "bytes": 10, "duration_ms": 83_000,
                        "started_at": 0}, "通话录像", ["01:23", "C1.mkv"]),
    (ev.CALL_STORED, {"call": "C1", "part": "W1", "bytes": 2_500_000, "sha256": "9f2c" + "0" * 60, "duration_ms": 1,
                      "started_at": 0, "account": "d01"}, "录音已存储", ["C1", "W1", "已存到中继", "2.5 MB",
                                                                        "SHA-256 9f2c00000000"]),
]


@pytest.mark.parametrize(("event_type", "data", "label", "expected"), CASES)
def test_call_events_read_in_chinese(event_type, data, label, expected):
    line = summarize(make_state(), Event(1, 0, event_type, "d01", data))
    assert all(part in line for part in expected), line
    assert "=" not in line and "{" not in line
    assert event_type_label(event_type, data) == label
