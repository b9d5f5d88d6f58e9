"""Synthetic camera and microphone, and how simulated workers decide to answer (a stand-in relay
client records what they send; the peer connections are real aiortc)."""

from __future__ import annotations

import asyncio
import random

import numpy as np
import pytest
from aiortc import RTCPeerConnection

from console.domain import events as ev
from console.domain.events import Event
from console.field.call_answer import AnswerPolicy, CallAnswerer
from console.media.synthetic import SyntheticCamera, SyntheticMicrophone, id_code, read_id_code

CALL = "C0000000000a1"


@pytest.fixture(autouse=True)
def _gui(qapp):
    """The camera draws its label with QPainter."""


def test_the_camera_moves_carries_the_worker_code_and_a_running_clock():
    now = [1_795_000_000.0]
    camera = SyntheticCamera("W0042", "王芳", width=640, height=360, wall=lambda: now[0])
    first = camera.draw(0.0).to_ndarray(format="rgb24")
    later = camera.draw(0.5).to_ndarray(format="rgb24")
    now[0] += 1
    ticked = camera.draw(0.5).to_ndarray(format="rgb24")
    assert first.shape == (360, 640, 3)
    assert read_id_code(first) == id_code("W0042") != id_code("W0043")
    assert np.abs(first[100:, :].astype(int) - later[100:, :]).mean() > 5, "the street scrolls"
    label = (slice(16, 80), slice(16, 352))
    assert not np.array_equal(later[label], ticked[label]), "the clock in the label moved on"
    assert np.array_equal(later[200:], ticked[200:]), "only the label changed"


def test_the_microphone_sends_paced_20ms_frames():
    async def frames():
        mic = SyntheticMicrophone("W0042")
        return [await mic.recv() for _ in range(5)]

    got = asyncio.run(frames())
    assert [f.pts for f in got] == [0, 960, 1920, 2880, 3840]
    assert {(f.samples, f.sample_rate, f.layout.name) for f in got} == {(960, 48_000, "mono")}
    assert 0 < np.abs(got[2].to_ndarray()).max() < 4000, "a soft, audible tone"


class Gateway:
    """Stands in for the field connection: records commands and signals, acknowledges nothing."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, dict]] = []
        self.signals: list[tuple] = []
        self.on_signal = None

    def send_command(self, op: str, args: dict) -> asyncio.Future:
        self.commands.append((op, args))
        return asyncio.get_running_loop().create_future()

    def send_signal(self, call: str, to: str, kind: str, **payload) -> asyncio.Future:
        self.signals.append((call, to, kind, payload))
        return asyncio.get_running_loop().create_future()


def _ringing(to: list[str], media: str = "video") -> Event:
    return Event(7, 0, ev.CALL_RINGING, "d01", {"call": CALL, "caller_party": "d01", "media": media, "group": "",
                                                "to": to, "status": "ringing", "workers": to})


async def _offer(kinds: list[str]) -> tuple[RTCPeerConnection, str]:
    pc = RTCPeerConnection()
    for kind in kinds:
        pc.addTransceiver(kind, direction="recvonly" if kind == "video" else "sendrecv")
    await pc.setLocalDescription(await pc.createOffer())
    return pc, pc.localDescription.sdp


async def _settle(predicate) -> None:
    async def wait():
        while not predicate():
            await asyncio.sleep(0.005)
    await asyncio.wait_for(wait(), 10)


def test_a_worker_answers_after_the_ring_even_when_the_offer_came_first():
    async def scenario():
        gateway = Gateway()
        answerer = CallAnswerer(gateway, {"W0001": "张伟"}, lambda: {"W0001", "W0002"},
                                policy=AnswerPolicy(ring_delay_s=0.05))
        pc, sdp = await _offer(["audio", "video"])
        answerer.on_signal({"t": "signal", "call": CALL, "from": "d01", "kind": "offer", "sdp": sdp})
        answerer.on_events([_ringing(["W0001", "W9999"])])
        assert gateway.commands == [], "it rings first"
        await _settle(lambda: gateway.signals)
        await pc.close()
        await answerer.close()
        return gateway

    gateway = asyncio.run(scenario())
    assert gateway.commands == [("call.accept", {"call": CALL, "worker": "W0001"})]
    (call, to, kind, payload), = gateway.signals
    assert (call, to, kind, payload["from_"]) == (CALL, "d01", "answer", "W0001")
    assert "m=video" in payload["sdp"] and "a=sendonly" in payload["sdp"], "the camera goes to the console"


def test_two_members_on_one_gateway_each_get_their_own_offer_in_dial_order():
    async def scenario():
        gateway = Gateway()
        answerer = CallAnswerer(gateway, {}, lambda: {"W0001", "W0002"}, policy=AnswerPolicy(ring_delay_s=0))
        answerer.on_events([_ringing(["W0002", "W0001"], media="audio")])
        offers = [await _offer(["audio"]) for _ in range(2)]
        for _, sdp in offers:
            answerer.on_signal({"t": "signal", "call": CALL, "from": "d01", "kind": "offer", "sdp": sdp})
        await _settle(lambda: len(gateway.signals) == 2)
        offered = {ring.worker: ring.offer for ring in answerer._ringing[CALL]}
        answered = sorted(payload["from_"] for *_, payload in gateway.signals)
        answerer.on_events([Event(9, 0, ev.CALL_ENDED, "d01", {"call": CALL, "party": "d01", "reason": "hangup"})])
        await _settle(lambda: not answerer.peers)
        for pc, _ in offers:
            await pc.close()
        return offered, answered, [sdp for _, sdp in offers]

    offered, answered, sdps = asyncio.run(scenario())
    assert offered == {"W0002": sdps[0], "W0001": sdps[1]}
    assert answered == ["W0001", "W0002"]


@pytest.mark.parametrize(("policy", "reason"), [(AnswerPolicy(ring_delay_s=0, busy_rate=1.0), "busy"),
                                                (AnswerPolicy(ring_delay_s=0, decline_rate=1.0), "declined")])
def test_configured_workers_decline_or_are_busy(policy, reason):
    async def scenario():
        gateway = Gateway()
        answerer = CallAnswerer(gateway, {}, lambda: {"W0001"}, policy=policy, rng=random.Random(1))
        answerer.on_events([_ringing(["W0001"])])
        await _settle(lambda: gateway.commands)
        return gateway

    gateway = asyncio.run(scenario())
    assert gateway.commands == [("call.decline", {"call": CALL, "worker": "W0001", "reason": reason})]
    assert gateway.signals == []
