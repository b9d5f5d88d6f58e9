"""Simulated workers answer calls: after a short ring they accept and send a synthetic camera and
microphone over real WebRTC (aiortc), on the field connection's own asyncio loop.

:class:`CallAnswerer` reads only the relay's call events and signal frames, so it works on any
field connection: the simulator's gateway (``jingwang fieldsim``), a bench process or a test.
It answers for the workers ``serves`` returns; an offer may arrive before or after the ringing
event, and the answer goes out once both are in and the ring delay has passed.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aiortc import RTCPeerConnection, RTCSessionDescription

from console.domain import events as ev
from console.domain.events import Event
from console.media.synthetic import SyntheticCamera, SyntheticMicrophone, ensure_gui_app
from console.net.client import RelayClient

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnswerPolicy:
    """How simulated workers take calls: ring delay, how often they decline or are busy, camera size."""

    ring_delay_s: float = 3.0
    decline_rate: float = 0.0
    busy_rate: float = 0.0
    width: int = 640
    height: int = 360
    fps: float = 15.0


class WorkerPeer:
    """One worker's end of a call: answers an offer with the synthetic camera (video calls) and mic."""

    def __init__(self, worker_id: str, name: str, media: str, policy: AnswerPolicy = AnswerPolicy()) -> None:
        self.worker_id, self.media = worker_id, media
        self.camera = (SyntheticCamera(worker_id, name, width=policy.width, height=policy.height, fps=policy.fps)
                       if media == "video" else None)
        self.mic = SyntheticMicrophone(worker_id)
        self.pc = RTCPeerConnection()

    async def answer(self, offer_sdp: str) -> str:
        """Set the caller's offer and return our answer (candidates gathered)."""
        await self.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in self.pc.getTransceivers():
            track = self.camera if transceiver.kind == "video" else self.mic
            if track is not None:
                transceiver.sender.replaceTrack(track)
                transceiver.direction = "sendrecv" if transceiver.kind == "audio" else "sendonly"
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        return self.pc.localDescription.sdp

    async def close(self) -> None:
        await self.pc.close()


@dataclass(slots=True)
class _Ringing:
    call: str
    worker: str
    caller: str
    media: str
    offer: str = ""
    rung: bool = False
    answered: bool = False


class CallAnswerer:
    """Takes calls for the served workers of ``client`` and keeps their peers until the call ends."""

    def __init__(self, client: RelayClient, names: dict[str, str], serves: Callable[[], Iterable[str]], *,
                 policy: AnswerPolicy = AnswerPolicy(), rng: random.Random | None = None) -> None:
        ensure_gui_app()  # the camera draws its name and clock with QPainter
        self.client, self.names, self.serves, self.policy = client, names, serves, policy
        self.rng = rng or random.Random(5)
        self.peers: dict[tuple[str, str], WorkerPeer] = {}  # (call id, worker) -> that worker's peer
        self._ringing: dict[str, list[_Ringing]] = {}  # call id -> our workers it rings
        self._offers: dict[str, list[tuple[str, str]]] = {}  # call id -> (to, sdp) before its ringing event
        self.answered = 0
        self._tasks: set[asyncio.Future] = set()
        client.on_signal = self.on_signal

    def on_events(self, events: list[Event]) -> None:
        """Feed every event the field connection receives (only call events matter)."""
        for event in events:
            if event.type == ev.CALL_RINGING:
                self._ring(event.data)
            elif event.type in (ev.CALL_ENDED, ev.CALL_FAILED):
                self._hang_up(event.data["call"])
            elif event.type in (ev.CALL_LEFT, ev.CALL_DECLINED) and event.data.get("party"):
                self._hang_up(event.data["call"], event.data["party"])

    def on_signal(self, frame: dict) -> None:
        """A relayed signal frame: keep an offer until its call has rung long enough."""
        if frame.get("kind") != "offer":
            return  # aiortc's descriptions carry every candidate; trickled ICE adds nothing
        rings = self._ringing.get(frame["call"])
        if rings is None:
            self._offers.setdefault(frame["call"], []).append((frame.get("to", ""), frame["sdp"]))
            return
        self._take_offer(rings, frame.get("to", ""), frame["sdp"])

    def served(self) -> set[str]:
        return set(self.serves())

    async def close(self) -> None:
        """Hang up every peer (the calls themselves end by the relay's watchdog or the caller)."""
        peers = list(self.peers.values())
        self.peers.clear()
        self._ringing.clear()
        self._offers.clear()
        await asyncio.gather(*(p.close() for p in peers), return_exceptions=True)

    # -- steps ------------------------------------------------------------------------------------

    def _ring(self, data: dict) -> None:
        served = self.served()
        rings = [_Ringing(data["call"], w, data["caller_party"], data["media"]) for w in data.get("to", ())
                 if w in served]
        if not rings:
            return
        self._ringing[data["call"]] = rings
        for to, sdp in self._offers.pop(data["call"], []):
            self._take_offer(rings, to, sdp)
        for ring in rings:
            asyncio.get_running_loop().call_later(self.policy.ring_delay_s, self._rung, ring)

    def _take_offer(self, rings: list[_Ringing], to: str, sdp: str) -> None:
        """Give an offer to the worker it is for: named by ``to``, or else the first of ours without one
        (the console offers in dial order)."""
        ring = next((r for r in rings if (r.worker == to if to else not r.offer)), None)
        if ring is not None:
            ring.offer = sdp
            self._maybe_answer(ring)

    def _rung(self, ring: _Ringing) -> None:
        ring.rung = True
        self._maybe_answer(ring)

    def _maybe_answer(self, ring: _Ringing) -> None:
        if ring.answered or not ring.rung or not self._live(ring):
            return
        roll = self.rng.random()
        if roll < self.policy.busy_rate + self.policy.decline_rate:
            reason = "busy" if roll < self.policy.busy_rate else "declined"
            ring.answered = True
            self._command("call.decline", {"call": ring.call, "worker": ring.worker, "reason": reason})
            return
        if not ring.offer:
            return
        ring.answered = True
        self._spawn(self._answer(ring))

    async def _answer(self, ring: _Ringing) -> None:
        peer = WorkerPeer(ring.worker, self.names.get(ring.worker, ring.worker), ring.media, self.policy)
        self.peers[(ring.call, ring.worker)] = peer
        try:
            sdp = await peer.answer(ring.offer)
        except Exception as exc:  # a malformed offer: tell the caller instead of leaving it ringing
            log.warning("call %s: cannot answer: %s", ring.call, exc)
            self._command("call.fail", {"call": ring.call, "worker": ring.worker, "reason": f"answer: {exc}"})
            return
        if not self._live(ring):
            return  # hung up while we were answering
        self._command("call.accept", {"call": ring.call, "worker": ring.worker})
        self.client.send_signal(ring.call, ring.caller, "answer", sdp=sdp, from_=ring.worker)
        self.answered += 1

    def _live(self, ring: _Ringing) -> bool:
        return any(r is ring for r in self._ringing.get(ring.call, ()))

    def _hang_up(self, call_id: str, worker: str = "") -> None:
        """Drop our end of a call: one worker's (declined, left) or every one of ours (ended)."""
        rings = self._ringing.get(call_id, [])
        keep = [r for r in rings if worker and r.worker != worker]
        if keep:
            self._ringing[call_id] = keep
        else:
            self._ringing.pop(call_id, None)
            self._offers.pop(call_id, None)
        for key in [k for k in self.peers if k[0] == call_id and (not worker or k[1] == worker)]:
            self._spawn(self.peers.pop(key).close())

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _command(self, op: str, args: dict) -> None:
        future = self.client.send_command(op, args)
        future.add_done_callback(lambda f: f.cancelled() or f.exception() is None
                                 or log.warning("%s refused: %s", op, f.exception()))
