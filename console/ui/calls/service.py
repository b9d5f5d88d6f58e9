"""``CallService``: the console's calls — dial, answer, hang up, group voice, push-to-talk, recording.

Glue between the session (commands, events, relayed ``signal`` frames) and the media engine (one
:class:`~console.media.call_media.CallMedia` per peer). The call's state is the log's: media for a
party opens when we dial or accept and closes on that party's ``call.declined`` / ``call.left`` or
the call's ``call.ended`` / ``call.failed``. The caller's offer is created while ``call.dial`` is on
its way and sent once the dial is acknowledged, so negotiation overlaps the ringing; a callee that
lost it (``need_offer``) gets it again until it has answered.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from console import config
from console.domain import calls as c
from console.domain import events as ev
from console.domain.events import Event
from console.domain.payloads import CallParty
from console.media.audio import Microphone
from console.media.call_media import CallMedia
from console.media.engine import MediaEngine
from console.media.recorder import Recording, prune_recordings, recording_path
from console.protocol.messages import NEED_OFFER
from console.services.recording_upload import RecordingUploader, describe

log = logging.getLogger(__name__)

LOGGED_WAIT_S = 10.0  # how long a recording's upload waits for its call.recorded to be acknowledged


@dataclass(slots=True)
class _Call:
    id: str
    media: str
    group: bool
    peers: dict[str, CallMedia] = field(default_factory=dict)  # party -> media
    offers: dict[str, asyncio.Future] = field(default_factory=dict)  # party -> our offer SDP (we dialled)
    sent: set[str] = field(default_factory=set)  # parties our offer went to
    answered: set[str] = field(default_factory=set)  # parties whose answer we got
    acked: bool = False
    failed: bool = False


class CallService(QObject):
    """The calls of one console. ``recordings`` is the recordings folder (None: do not record); files are
    encoded on a thread of their own and, with an ``uploader``, sent to the relay's store once the log has
    their ``call.recorded``.

    :attr:`media_added` ``(call id, CallMedia)`` when a peer's media opens (a group call adds one per
    member), :attr:`media_removed` ``(call id, party)`` when it closes.
    """

    media_added = Signal(str, object)
    media_removed = Signal(str, str)

    def __init__(self, session, engine: MediaEngine, *, recordings: Path | None = None,
                 microphone: Microphone | None = None, uploader: RecordingUploader | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.engine, self.recordings, self.uploader = session, engine, recordings, uploader
        self.microphone = microphone if microphone is not None else Microphone(self)
        self.talking = False
        self.calls: dict[str, _Call] = {}
        self.recorded: list[Recording] = []
        self._incoming_offers: dict[str, tuple[str, str]] = {}  # call id -> (worker, offer SDP)
        self._writer = MediaEngine("recorder").start() if recordings is not None else None
        self._tasks: set[asyncio.Future] = set()
        session.events_applied.connect(self._on_events)
        session.signal_received.connect(self._on_signal)
        if recordings is not None:
            engine.submit(asyncio.to_thread(prune_recordings, recordings, config.RECORDING_RETENTION_DAYS.get()))

    # -- dispatcher actions --------------------------------------------------------------------

    def dial(self, worker_ids: list[str], media: str = "video", group: str = "") -> str:
        """Call workers (视频连线 / 语音点调); returns the new call id. Refusals come as the session's
        ``command_failed`` for ``call.dial``."""
        call = _Call("C" + secrets.token_hex(6), media, bool(group) or len(worker_ids) > 1)
        self.calls[call.id] = call
        for worker_id in worker_ids:
            peer = self._open(call, worker_id)
            call.offers[worker_id] = asyncio.ensure_future(peer.offer())
        args = {"call": call.id, "to": list(worker_ids), "media": media, **({"group": group} if group else {})}
        self.session.command("call.dial", args).add_done_callback(lambda f: self._dialled(call, f))
        return call.id

    def group_call(self, grid_code: str) -> str | None:
        """Voice call to every on-duty worker of ``grid_code`` (the console is the hub); None if nobody is on duty."""
        state = self.session.state
        members = sorted(w.id for w in state.workers.values()
                         if w.grid_code == grid_code and w.id in state.on_duty) if state else []
        return self.dial(members, "audio", grid_code) if members else None

    def accept(self, call_id: str) -> None:
        """Answer a worker's call to the desk."""
        state_call = self.session.state.calls.get(call_id) if self.session.state else None
        if state_call is None or call_id in self.calls:
            return
        call = _Call(call_id, state_call["media"], False)
        self.calls[call_id] = call
        self._open(call, state_call["caller_party"])
        self.session.command("call.accept", {"call": call_id}).add_done_callback(lambda f: self._accepted(call, f))

    def decline(self, call_id: str) -> None:
        """Decline a worker's call to the desk."""
        self.session.command("call.decline", {"call": call_id})

    def hangup(self, call_id: str) -> None:
        """Hang up (the caller ends the call; media closes now, the log follows)."""
        self.session.command("call.hangup", {"call": call_id})
        self._end(call_id)

    def mute(self, call_id: str, muted: bool) -> None:
        """Silence (or resume) what the call's peers say."""
        call = self.calls.get(call_id)
        for peer in call.peers.values() if call else ():
            peer.set_speaker_muted(muted)

    def push_to_talk(self, pressed: bool) -> None:
        """While pressed, the dispatcher's microphone goes to every member of the group calls."""
        self.talking = pressed
        for call in self.calls.values():
            if call.group:
                for peer in call.peers.values():
                    peer.set_talking(pressed)

    def media(self, call_id: str) -> dict[str, CallMedia]:
        """Party -> media of a call this console is in."""
        call = self.calls.get(call_id)
        return dict(call.peers) if call else {}

    async def async_close(self) -> None:
        """Close every call's media and wait for recordings to be finished and reported."""
        for call_id in list(self.calls):
            self._end(call_id)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self.microphone.close()
        if self._writer is not None:
            self._writer.stop()

    # -- media ------------------------------------------------------------------------------------

    def _open(self, call: _Call, party: str) -> CallMedia:
        peer = CallMedia(self.engine, call.id, party, call.media, mic=self.microphone, parent=self)
        peer.set_talking(self.talking if call.group else True)
        peer.state.connect(lambda state, call=call: self._media_state(call, state))
        call.peers[party] = peer
        self.media_added.emit(call.id, peer)
        return peer

    def _close(self, call: _Call, party: str) -> None:
        peer = call.peers.pop(party, None)
        offer = call.offers.pop(party, None)
        if offer is not None:
            offer.cancel()
        if peer is None:
            return
        self._spawn(self._finish(call.id, party, peer))

    async def _finish(self, call_id: str, party: str, peer: CallMedia) -> None:
        recording = await peer.close()
        self.media_removed.emit(call_id, party)
        peer.deleteLater()
        if recording is None:
            return
        self.recorded.append(recording)
        logged = self.session.command("call.recorded", {"call": call_id, "file": recording.file,
                                                        "bytes": recording.bytes, "duration_ms": recording.duration_ms,
                                                        "started_at": recording.started_at})
        if self.uploader is not None:
            # refused, or not acknowledged soon (offline, closing): the session reports it; upload all the same
            await asyncio.wait([logged], timeout=LOGGED_WAIT_S)
            self.uploader.add(await asyncio.to_thread(describe, Path(recording.file), call_id,
                                                      c.recording_part(call_id, recording.file),
                                                      recording.duration_ms, recording.started_at))

    def _end(self, call_id: str) -> None:
        call = self.calls.pop(call_id, None)
        for party in list(call.peers) if call else ():
            self._close(call, party)
        self._incoming_offers.pop(call_id, None)

    def _media_state(self, call: _Call, state: str) -> None:
        if state == "failed" and not call.failed and call.id in self.calls:
            call.failed = True
            self.session.command("call.fail", {"call": call.id, "reason": "媒体连接失败 / ICE failed"})

    # -- negotiation ------------------------------------------------------------------------------

    def _dialled(self, call: _Call, future: asyncio.Future) -> None:
        if future.cancelled() or future.exception() is not None:
            self._end(call.id)  # refused (busy, unreachable, forbidden): the session reports why
            return
        call.acked = True
        self._send_offers(call)

    def _send_offers(self, call: _Call) -> None:
        """Offer to each ringing callee once the dial is acknowledged and its event is in our state."""
        state_call = self.session.state.calls.get(call.id) if self.session.state else None
        if not call.acked or state_call is None:
            return
        due = []
        for party in list(call.peers):
            if party not in state_call["parties"]:
                self._close(call, party)  # skipped: busy or unreachable
            elif party not in call.sent and party in call.offers:
                call.sent.add(party)
                due.append(party)
        if due:
            self._spawn(self._send_offer(call, due))

    async def _send_offer(self, call: _Call, parties: list[str]) -> None:
        """Send in dial order: a field gateway serving several members pairs offers with them in that order."""
        for party in parties:
            offer = call.offers.get(party)
            if offer is None:
                continue
            try:
                sdp = await offer
            except asyncio.CancelledError:
                continue
            self.session.send_signal(call.id, party, "offer", sdp=sdp)

    def _accepted(self, call: _Call, future: asyncio.Future) -> None:
        if future.cancelled() or future.exception() is not None:
            self._end(call.id)
            return
        self._answer_when_offered(call)

    def _answer_when_offered(self, call: _Call) -> None:
        offer = self._incoming_offers.get(call.id)
        if offer is None or not call.peers:
            return
        worker, sdp = offer
        peer = call.peers.get(worker)
        if peer is not None and call.id not in call.sent:
            call.sent.add(call.id)
            self._spawn(self._send_answer(call, peer, worker, sdp))

    async def _send_answer(self, call: _Call, peer: CallMedia, worker: str, offer_sdp: str) -> None:
        sdp = await peer.answer(offer_sdp)
        self.session.send_signal(call.id, worker, "answer", sdp=sdp)

    # -- session signals --------------------------------------------------------------------------

    def _on_signal(self, frame: dict) -> None:
        call = self.calls.get(frame.get("call", ""))
        kind, sender = frame.get("kind"), frame.get("from", "")
        if kind == "offer":  # a worker calling the desk offers right after ringing
            self._incoming_offers[frame["call"]] = (sender, frame.get("sdp", ""))
            if call is not None:
                self._answer_when_offered(call)
            return
        peer = call.peers.get(sender) if call else None
        if peer is None:
            return
        if kind == "answer" and sender not in call.answered:
            call.answered.add(sender)
            self._spawn(peer.set_answer(frame.get("sdp", "")))
        elif kind == NEED_OFFER and sender in call.sent and sender not in call.answered:
            self._spawn(self._send_offer(call, [sender]))  # the callee's page reloaded while it rang
        elif kind == "ice":
            self._spawn(peer.add_ice(frame.get("candidate") or {}))

    def _on_events(self, events: list[Event]) -> None:
        for event in events:
            if event.type not in ev.CALL_EVENTS:
                continue
            p = event.payload
            if event.type in (ev.CALL_ENDED, ev.CALL_FAILED):
                self._incoming_offers.pop(p.call, None)  # a desk call another console took
            call = self.calls.get(p.call)
            if call is None:
                continue
            party = p.party if isinstance(p, CallParty) else ""
            if event.type == ev.CALL_RINGING:
                self._send_offers(call)
            elif event.type == ev.CALL_ACCEPTED:
                self._record(call, event, party)
            elif event.type in (ev.CALL_DECLINED, ev.CALL_LEFT):
                self._close(call, party)
            elif event.type in (ev.CALL_ENDED, ev.CALL_FAILED):
                self._end(call.id)

    def _record(self, call: _Call, event: Event, party: str) -> None:
        """Start recording a party once its ``call.accepted`` is in the log (its seq goes in the file)."""
        if party == c.DESK:
            if event.payload.account != self.session.account:
                return
            party = next(iter(call.peers), "")
        peer = call.peers.get(party)
        if peer is None or self.recordings is None:
            return
        path = recording_path(self.recordings, call.id, party if call.group else "")
        self._spawn(peer.record(path, event.seq, self._writer))

    def _spawn(self, coro) -> None:
        """Run ``coro`` on the GUI loop, keeping a reference until it is done; failures are logged."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Future) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("call media step failed: %r", task.exception())
