"""Signal frames: parsing and size limits, presence, and routing between the parties of a call."""

from __future__ import annotations

import json

import pytest

from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.state import apply
from console.domain.workers import Role
from console.protocol import messages as m
from console.relay.presence import Presence
from console.relay.signalling import route
from tests.unit.test_calls import DISPATCHER, DISPATCHER2, GATEWAY, GRID, T0, W1, cid, make_state

SDP = "v=0\r\n"


def frame(**fields) -> str:
    return json.dumps({"v": 1, "t": "signal", "id": "s1", "call": cid(1), "to": "W1", "kind": "offer", "sdp": SDP,
                       **fields})


def test_parse_signal_frames():
    msg = m.parse_client(frame())
    assert msg == m.Signal("s1", cid(1), "W1", "offer", SDP)
    ice = m.parse_client(frame(kind="ice", sdp=None, candidate={"candidate": "c", "sdpMid": "0"}, **{"from": "W1"}))
    assert ice.candidate == {"candidate": "c", "sdpMid": "0"} and ice.sender == "W1"
    assert m.signal_out(ice, "W1") == {"t": "signal", "call": cid(1), "from": "W1", "to": "W1", "kind": "ice",
                                       "candidate": {"candidate": "c", "sdpMid": "0"}}
    ask = m.parse_client(frame(to="d01", kind="need_offer", sdp=None))
    assert ask == m.Signal("s1", cid(1), "d01", "need_offer")
    assert m.signal_out(ask, "W1") == {"t": "signal", "call": cid(1), "from": "W1", "to": "d01", "kind": "need_offer"}


@pytest.mark.parametrize(("fields", "code"), [
    ({"sdp": "x" * (m.MAX_SDP_BYTES + 1)}, "E_TOO_LARGE"),
    ({"sdp": ""}, "E_FIELD"),
    ({"kind": "bye"}, "E_FIELD"),
    ({"kind": "ice", "sdp": None, "candidate": "c"}, "E_FIELD"),
    ({"kind": "ice", "sdp": None, "candidate": {"c": "x" * 3000}}, "E_TOO_LARGE"),
    ({"candidate": {}}, "E_FIELD"),
    ({"kind": "need_offer"}, "E_FIELD"),
    ({"kind": "need_offer", "sdp": None, "candidate": {}}, "E_FIELD"),
    ({"call": ""}, "E_FIELD"),
    ({"extra": 1}, "E_FIELD"),
])
def test_bad_signal_frames_are_refused_with_their_id(fields, code):
    with pytest.raises(m.ProtocolError) as info:
        m.parse_client(frame(**fields))
    assert info.value.code == code and info.value.message_id == "s1"


def test_presence_tracks_serving_connections_and_when_the_last_one_went():
    clock = [100.0]
    presence = Presence(lambda: clock[0])
    presence.join("console-a", DISPATCHER)
    presence.join("phone", W1)
    presence.join("gateway", GATEWAY)
    presence.serve("gateway", "W2")
    assert presence.connections("desk") == ["console-a"] and presence.is_present("W2")
    assert presence.absent_since("W1") is None and presence.absent_since("W3") == 100_000
    clock[0] = 107.5
    presence.leave("phone")
    assert presence.absent_since("W1") == 107_500 and presence.connections("W1") == []
    presence.join("phone2", W1)
    assert presence.absent_since("W1") is None


def _state_with_call(group: bool = False):
    state = make_state()
    args = {"call": cid(1), "to": ["W1", "W2"] if group else ["W1"], "media": "video"}
    if group:
        args["group"] = GRID
    event_type, data = decide(state, DISPATCHER, "call.dial", args, T0, 1)
    apply(state, Event(1, T0, event_type, DISPATCHER.account, data))
    return state


def test_route_forwards_to_every_connection_serving_the_target():
    state = _state_with_call()
    presence = Presence(lambda: T0 / 1000)
    presence.join("desk-1", DISPATCHER)
    presence.join("phone", W1)
    presence.join("tablet", W1)
    targets, out = route(state, presence, "desk-1", m.parse_client(frame()))
    assert sorted(targets) == ["phone", "tablet"] and out["from"] == "d01"
    targets, out = route(state, presence, "phone", m.parse_client(frame(to="d01", kind="answer")))
    assert targets == ["desk-1"] and out["from"] == "W1"


def test_route_refusals():
    state = _state_with_call(group=True)
    presence = Presence(lambda: T0 / 1000)
    presence.join("desk-1", DISPATCHER)
    presence.join("desk-2", DISPATCHER2)
    presence.join("gateway", Actor("fieldsim", Role.FIELD_GATEWAY))
    presence.serve("gateway", "W1")
    presence.serve("gateway", "W2")

    def code(conn, **fields) -> str:
        with pytest.raises(DomainError) as info:
            route(state, presence, conn, m.parse_client(frame(**fields)))
        return info.value.code

    assert code("desk-2") == "E_NOT_PARTY"  # another console is no party of d01's call
    assert code("desk-1", to="d02") == "E_NOT_PARTY"
    assert code("desk-1", call=cid(7)) == "E_NOT_FOUND"
    assert code("gateway", to="d01", kind="answer") == "E_FIELD"  # speaks for W1 and W2: which one?
    assert code("gateway", to="d01", kind="answer", **{"from": "W3"}) == "E_NOT_PARTY"
    targets, out = route(state, presence, "gateway", m.parse_client(frame(to="d01", kind="answer", **{"from": "W2"})))
    assert targets == ["desk-1"] and out["from"] == "W2"
    presence.leave("desk-1")
    assert code("gateway", to="d01", kind="answer", **{"from": "W2"}) == "E_UNREACHABLE"
    state.calls[cid(1)]["status"] = "ended"
    assert code("gateway", to="d01", kind="answer", **{"from": "W2"}) == "E_CALL_OVER"
