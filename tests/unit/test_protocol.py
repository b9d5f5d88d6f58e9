"""Parsing and validation of client frames, without sockets."""

from __future__ import annotations

import json

import pytest

from console.protocol import messages as m


def frame(**fields) -> str:
    return json.dumps({"v": 1, "id": "k1", **fields})


def test_valid_frames_parse_to_messages():
    assert m.parse_client(frame(t="auth", user="d01", password="x")) == m.Auth("k1", "d01", "x")
    assert m.parse_client(frame(t="subscribe", after=None)) == m.Subscribe("k1", None)
    assert m.parse_client(frame(t="subscribe", after=42)) == m.Subscribe("k1", 42)
    cmd = m.parse_client(frame(t="cmd", op="incident.dispatch", args={"incident": "A", "worker": "W1"}))
    assert cmd == m.Command("k1", "incident.dispatch", {"incident": "A", "worker": "W1"})


@pytest.mark.parametrize(("raw", "code"), [
    ("{", "E_MALFORMED"),
    (b"\xff\xfe", "E_MALFORMED"),
    ("42", "E_MALFORMED"),
    (json.dumps({"v": 1, "t": "ping"}), "E_FIELD"),
    (json.dumps({"v": 1, "t": "ping", "id": "x" * 65}), "E_FIELD"),
    (frame(v=2, t="ping"), "E_VERSION"),
    (frame(t="nope"), "E_UNKNOWN_TYPE"),
    (frame(t="auth", user="", password="x"), "E_FIELD"),
    (frame(t="subscribe", after=-1), "E_FIELD"),
    (frame(t="subscribe", after=True), "E_FIELD"),
    (frame(t="cmd", op="incident.fly", args={}), "E_UNKNOWN_TYPE"),
    (frame(t="cmd", op="incident.accept", args=[]), "E_FIELD"),
    (frame(t="cmd", op="incident.accept", args={}), "E_FIELD"),
    (frame(t="cmd", op="incident.accept", args={"incident": 7}), "E_FIELD"),
    (frame(t="cmd", op="incident.dispatch", args={"incident": "A", "worker": "W", "force": 1}), "E_FIELD"),
    (frame(t="cmd", op="position.report", args={"lng": True, "lat": 1}), "E_FIELD"),
    (frame(t="cmd", op="position.report", args={"lng": 181, "lat": 1}), "E_FIELD"),
    ('{"v":1,"id":"k","t":"cmd","op":"position.report","args":{"lng":NaN,"lat":1}}', "E_FIELD"),
    (frame(t="cmd", op="incident.report", args={"category": "200200", "lng": 1, "lat": 1, "source": "x"}), "E_FIELD"),
    (frame(t="cmd", op="incident.report", args={"category": "200200", "lng": 1, "lat": 1, "narrative": "长" * 4001}),
     "E_FIELD"),
    (frame(t="ping", pad="x" * (64 * 1024)), "E_TOO_LARGE"),
])
def test_bad_frames_are_refused_with_a_code_and_bilingual_reason(raw, code):
    with pytest.raises(m.ProtocolError) as info:
        m.parse_client(raw)
    err = info.value
    assert err.code == code
    assert err.zh and err.en and err.to_dict()["code"] == code


def test_error_names_the_frame_id_when_it_could_be_read():
    with pytest.raises(m.ProtocolError) as info:
        m.parse_client(frame(t="cmd", op="incident.accept", args={}))
    assert info.value.message_id == "k1"
    assert m.error(info.value.message_id, info.value)["id"] == "k1"


def test_size_limit_counts_utf8_bytes_not_characters():
    narrative = "警" * 3000  # 9,000 bytes: fine
    ok = frame(t="cmd", op="incident.report", args={"category": "200200", "lng": 1, "lat": 1, "narrative": narrative})
    assert m.parse_client(ok).args["narrative"] == narrative
    too_big = frame(t="ping", pad="警" * 22_000)  # 22k chars but 66k bytes
    with pytest.raises(m.ProtocolError, match="too large"):
        m.parse_client(too_big)


def test_encode_is_compact_versioned_utf8():
    text = m.encode(m.ack("k", 5))
    assert json.loads(text) == {"v": 1, "t": "ack", "id": "k", "seq": 5, "duplicate": False}
    assert " " not in text
    assert "警" in m.encode({"t": "x", "s": "警"})
