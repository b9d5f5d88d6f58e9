"""Call signalling end to end over a real relay and database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from console.domain import calls
from console.domain import events as ev
from console.net.client import CommandRefused
from console.relay.watchdog import SWEEP_INTERVAL_MS
from console.store.store import Store
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until

SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
T0 = 1_800_000_000.0
SWEEP_S = SWEEP_INTERVAL_MS / 1000


class Party(Recorder):
    """A Recorder that also keeps the signal frames the relay forwards to it."""

    def __init__(self, url: str, user: str, password: str | None = None, last_seq: int | None = None) -> None:
        super().__init__(url, user, *([password] if password else []), last_seq=last_seq)
        self.signals: list[dict] = []
        self.client.on_signal = self.signals.append

    @property
    def worker(self) -> str:
        return self.client.account["worker"]

    def call_events(self, call_id: str) -> list[str]:
        return [e.type for e in self.events if e.data.get("call") == call_id]


def cid(n: int) -> str:
    return f"C{n:012x}"


async def refused_code(future_or_coro) -> dict:
    with pytest.raises(CommandRefused) as info:
        await asyncio.wait_for(future_or_coro, 10)
    return info.value.error


def test_dial_offer_accept_answer_and_hang_up_from_either_side(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Party(relay.url, "d01") as desk, \
                Party(relay.url, "w0001") as worker:
            wid = worker.worker
            await desk.cmd("call.dial", call=cid(1), to=[wid], media="video")
            await wait_until(lambda: worker.call_events(cid(1)) == [ev.CALL_RINGING], what="worker rings")
            ok = await desk.client.send_signal(cid(1), wid, "offer", sdp=SDP)
            assert ok["t"] == "signal.ok"
            await wait_until(lambda: worker.signals, what="offer forwarded")
            assert worker.signals[0] == {"v": 1, "t": "signal", "call": cid(1), "from": "d01", "to": wid,
                                         "kind": "offer", "sdp": SDP}
            await worker.cmd("call.accept", call=cid(1))
            await worker.client.send_signal(cid(1), "d01", "answer", sdp=SDP + "a=answer\r\n")
            await worker.client.send_signal(cid(1), "d01", "ice", candidate={"candidate": "candidate:1 1 udp 1 x"})
            await wait_until(lambda: len(desk.signals) == 2, what="answer and ice forwarded")
            assert [(s["from"], s["kind"]) for s in desk.signals] == [(wid, "answer"), (wid, "ice")]
            assert desk.signals[1]["candidate"] == {"candidate": "candidate:1 1 udp 1 x"}
            ended = await worker.cmd("call.hangup", call=cid(1))
            await wait_until(lambda: ev.CALL_ENDED in desk.call_events(cid(1)), what="desk sees the end")
            assert desk.call_events(cid(1)) == [ev.CALL_RINGING, ev.CALL_ACCEPTED, ev.CALL_ENDED]
            late = await refused_code(desk.client.send_signal(cid(1), wid, "ice", candidate={}))
            assert late["code"] == "E_CALL_OVER"
            # the other way round: the dispatcher hangs up
            await desk.cmd("call.dial", call=cid(2), to=[wid], media="audio")
            await worker.cmd("call.accept", call=cid(2))
            await desk.cmd("call.hangup", call=cid(2))
            await wait_until(lambda: ev.CALL_ENDED in worker.call_events(cid(2)), what="worker sees the end")
            return ended["seq"], relay.writer.state.seq

    ended_seq, head = run(scenario())
    store = Store(db_url)
    try:
        state = store.load_state()
    finally:
        store.dispose()
    assert state.seq == head
    first, second = state.calls[cid(1)], state.calls[cid(2)]
    assert first["status"] == "ended" and first["reason"] == "hangup" and first["media"] == "video"
    assert second["status"] == "ended" and second["caller"] == "d01" and state.call_of == {}
    assert ended_seq < head


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_callee_that_lost_the_offer_asks_the_caller_for_it(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Party(relay.url, "d01") as desk, \
                Party(relay.url, "w0001") as worker:
            await desk.cmd("call.dial", call=cid(1), to=[worker.worker], media="video")
            await wait_until(lambda: worker.call_events(cid(1)) == [ev.CALL_RINGING], what="worker rings")
            ok = await worker.client.send_signal(cid(1), "d01", "need_offer")
            await wait_until(lambda: desk.signals, what="need_offer forwarded")
            bad = await refused_code(worker.client.send_signal(cid(1), "d01", "need_offer", sdp=SDP))
            return worker.worker, ok, desk.signals, bad

    wid, ok, signals, bad = run(scenario())
    assert ok["t"] == "signal.ok" and bad["code"] == "E_FIELD"
    assert signals == [{"v": 1, "t": "signal", "call": cid(1), "from": wid, "to": "d01", "kind": "need_offer"}]


def test_decline_busy_and_glare(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Party(relay.url, "d01") as d1, Party(relay.url, "d02") as d2, \
                Party(relay.url, "w0001") as worker:
            wid = worker.worker
            await d1.cmd("call.dial", call=cid(1), to=[wid], media="video")
            await worker.cmd("call.decline", call=cid(1), reason="正在处置警情")
            await wait_until(lambda: ev.CALL_DECLINED in d1.call_events(cid(1)), what="decline")
            assert relay.writer.state.calls[cid(1)]["status"] == "ended"

            await d1.cmd("call.dial", call=cid(2), to=[wid], media="video")
            head = relay.writer.state.seq
            busy = await refused_code(d2.client.send_command("call.dial", {"call": cid(3), "to": [wid],
                                                                            "media": "audio"}))
            assert busy["code"] == "E_BUSY" and relay.writer.state.seq == head
            await d1.cmd("call.hangup", call=cid(2))

            # the worker calls the desk; a dispatcher dialling them back meanwhile is told to answer instead
            await worker.cmd("call.dial", call=cid(4), to=["desk"], media="audio")
            head = relay.writer.state.seq
            glare = await refused_code(d1.client.send_command("call.dial", {"call": cid(5), "to": [wid],
                                                                             "media": "video"}))
            assert glare["code"] == "E_GLARE" and glare["call"] == cid(4) and relay.writer.state.seq == head
            await worker.client.send_signal(cid(4), "desk", "offer", sdp=SDP)
            await wait_until(lambda: d1.signals and d2.signals, what="offer to every desk console")
            await d2.cmd("call.accept", call=cid(4))
            await worker.client.send_signal(cid(4), "desk", "ice", candidate={"candidate": "c"})
            await wait_until(lambda: len(d2.signals) == 2, what="ice to the console that answered")
            await d2.client.send_signal(cid(4), wid, "answer", sdp=SDP)
            await wait_until(lambda: worker.signals, what="answer from the desk")
            assert worker.signals[0]["from"] == "desk"
            assert len(d1.signals) == 1, "after the answer only the answering console hears the call"
            not_party = await refused_code(d1.cmd("call.hangup", call=cid(4)))
            assert not_party["code"] == "E_NOT_PARTY"
            await d2.cmd("call.hangup", call=cid(4))
            return relay.writer.state.calls[cid(4)]

    call = run(scenario())
    assert call["status"] == "ended" and call["answered_by"] == "d02"


def test_ringing_times_out_and_a_vanished_worker_is_lost(seeded_db):
    db_url, _ = seeded_db
    clock = [T0]

    def sweep_done(relay) -> bool:
        return not relay.writer.watchdog.due(int(clock[0] * 1000))

    async def scenario():
        async with running_relay(db_url, clock=lambda: clock[0]) as relay, Party(relay.url, "d01") as desk, \
                Party(relay.url, "w0001") as worker:
            wid = worker.worker
            await desk.cmd("call.dial", call=cid(1), to=[wid], media="video")
            clock[0] += (calls.RING_TIMEOUT_MS - 1000) / 1000
            await wait_until(lambda: sweep_done(relay), what="a sweep before the ring timeout")
            assert relay.writer.state.calls[cid(1)]["status"] == "ringing"
            clock[0] += SWEEP_S  # the next sweep is past the timeout
            await wait_until(lambda: ev.CALL_ENDED in desk.call_events(cid(1)), what="no answer")
            ended = desk.of_type(ev.CALL_ENDED)[-1]
            assert ended.actor == "system" and ended.data["reason"] == "no_answer"

            await desk.cmd("call.dial", call=cid(2), to=[wid], media="video")
            await worker.cmd("call.accept", call=cid(2))
            await worker.client.close()  # the phone goes out of coverage and does not come back
            await wait_until(lambda: not relay.presence.is_present(wid), what="presence notices")
            clock[0] += (calls.LOST_TIMEOUT_MS - 1000) / 1000
            await wait_until(lambda: sweep_done(relay), what="a sweep before the lost timeout")
            assert relay.writer.state.calls[cid(2)]["status"] == "active"
            clock[0] += SWEEP_S
            await wait_until(lambda: ev.CALL_ENDED in desk.call_events(cid(2)), what="lost")
            return desk.of_type(ev.CALL_ENDED)[-1].data

    data = run(scenario())
    assert data["reason"] == "lost" and data["party"].startswith("W")


def test_relay_restart_mid_call_keeps_the_call(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as first:
            port = first.port
            desk = Party(first.url, "d01")
            worker = Party(first.url, "w0001")
            await desk.__aenter__()
            await worker.__aenter__()
            wid = worker.worker
            await desk.cmd("call.dial", call=cid(1), to=[wid], media="video")
            await worker.cmd("call.accept", call=cid(1))
        try:
            await wait_until(lambda: not desk.client.live.is_set() and not worker.client.live.is_set(),
                             what="both sides notice the relay is gone")
            async with running_relay(db_url, port=port) as second:
                assert second.writer.state.calls[cid(1)]["status"] == "active"
                await desk.client.wait_live(20)
                await worker.client.wait_live(20)
                await wait_until(lambda: second.presence.is_present(wid) and second.presence.is_present("d01"),
                                 what="both back")
                await desk.client.send_signal(cid(1), wid, "offer", sdp=SDP)  # an ICE restart, say
                await wait_until(lambda: worker.signals, what="signal after the restart")
                await worker.cmd("call.hangup", call=cid(1))
                await wait_until(lambda: ev.CALL_ENDED in desk.call_events(cid(1)), what="end after restart")
                return second.writer.state.calls[cid(1)], desk.client.reconnects
        finally:
            await desk.__aexit__(None, None, None)
            await worker.__aexit__(None, None, None)

    call, reconnects = run(scenario(), timeout=90)
    assert call["status"] == "ended" and reconnects >= 1


def test_refusals_are_structured_and_change_nothing(seeded_db):
    db_url, demo = seeded_db
    offline = [w.id for w in demo.workers if w.kind.value == "grid_worker"][5]

    async def scenario():
        async with running_relay(db_url) as relay, Party(relay.url, "d01") as desk, \
                Party(relay.url, "d02") as other, Party(relay.url, "w0001") as worker, \
                Party(relay.url, "t01") as trainer, Party(relay.url, "l01") as liaison:
            wid = worker.worker
            await desk.cmd("call.dial", call=cid(1), to=[wid], media="video")
            head = relay.writer.state.seq
            codes = []
            for who, args in ((trainer, {"to": [wid]}), (liaison, {"to": [wid]}), (desk, {"to": [offline]}),
                              (worker, {"to": [wid]})):
                err = await refused_code(who.client.send_command("call.dial", {"call": cid(9), "media": "audio",
                                                                                **args}))
                codes.append(err["code"])
            assert codes == ["E_FORBIDDEN", "E_FORBIDDEN", "E_UNREACHABLE", "E_FORBIDDEN"]
            err = await refused_code(other.client.send_signal(cid(1), wid, "offer", sdp=SDP))
            assert err["code"] == "E_NOT_PARTY" and err["zh"]
            err = await refused_code(desk.client.send_signal(cid(1), wid, "offer", sdp="x" * (17 * 1024)))
            assert err["code"] == "E_TOO_LARGE"
            err = await refused_code(desk.client.send_signal(cid(1), "d02", "offer", sdp=SDP))
            assert err["code"] == "E_NOT_PARTY"
            async with raw_socket(relay.url, "d01") as ws:
                reply = await exchange(ws, {"v": 1, "t": "signal", "id": "s1", "call": cid(1), "to": wid,
                                            "kind": "offer"})
                assert reply["t"] == "error" and reply["code"] == "E_FIELD" and reply["id"] == "s1"
            assert relay.writer.state.seq == head and not worker.signals
            # the relay still serves everyone
            await desk.client.send_signal(cid(1), wid, "offer", sdp=SDP)
            await wait_until(lambda: worker.signals, what="a good signal after the refusals")
            ack = await worker.cmd("call.accept", call=cid(1))
            return head, ack["seq"]

    head, seq = run(scenario())
    assert seq == head + 1


def test_field_gateway_serves_the_workers_it_reports_for(seeded_db):
    db_url, demo = seeded_db
    wid = [w.id for w in demo.workers if w.kind.value == "grid_worker"][3]

    async def scenario():
        async with running_relay(db_url) as relay, Party(relay.url, "d01") as desk, \
                Party(relay.url, "fieldsim", "fieldsim") as gateway:
            unreachable = await refused_code(desk.client.send_command("call.dial", {"call": cid(1), "to": [wid],
                                                                                     "media": "video"}))
            assert unreachable["code"] == "E_UNREACHABLE"
            await gateway.cmd("position.report", worker=wid, lng=120.62, lat=31.31)
            await desk.cmd("call.dial", call=cid(2), to=[wid], media="video")
            await desk.client.send_signal(cid(2), wid, "offer", sdp=SDP)
            await wait_until(lambda: gateway.signals, what="offer at the gateway")
            assert gateway.signals[0]["to"] == wid
            await gateway.cmd("call.accept", call=cid(2), worker=wid)
            await gateway.client.send_signal(cid(2), "d01", "answer", sdp=SDP, from_=wid)
            await wait_until(lambda: desk.signals, what="answer from the gateway")
            return desk.signals[0]

    answer = run(scenario())
    assert answer["from"] == wid and answer["kind"] == "answer"
