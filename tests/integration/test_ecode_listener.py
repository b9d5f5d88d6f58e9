"""The public listener's HTTP/1.1 over raw sockets: pipelined requests answered in turn (a report that waits for
the writer before the page behind it; a stray CRLF after a body ignored), HEAD, bodies that arrive in pieces,
malformed or oversized heads and chunked bodies refused in Chinese with the connection closed and nothing
written, Connection: close and HTTP/1.0, and the deadlines for stalled, idle and surplus connections."""

from __future__ import annotations

import asyncio
import json

import pytest

from console.ecode import listener as listener_module
from tests.integration.ecode_harness import SIGNER, report_body, running_public
from tests.integration.harness import run

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _code(demo) -> str:
    return sorted(demo.district.addresses, key=lambda a: a.code)[0].code


def _page(code: str, method: str = "GET", extra: str = "") -> bytes:
    return f"{method} /e/{code}?s={SIGNER.sign(code)} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode()


def _post(payload: dict) -> bytes:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return (f"POST /e/api/report HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


async def _reply(reader: asyncio.StreamReader, *, head: bool = False) -> tuple[int, dict, bytes]:
    raw = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    lines = raw.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    body = b"" if head else await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), 10)
    return int(lines[0].split(" ")[1]), headers, body


async def _closed(reader: asyncio.StreamReader) -> bool:
    """The server closed the connection (EOF) within 10 s."""
    return await asyncio.wait_for(reader.read(), 10) == b""


def test_pipelined_requests_are_answered_in_turn_and_head_has_no_body(seeded_db):
    db_url, demo = seeded_db
    code = _code(demo)

    async def scenario():
        async with running_public(db_url) as (relay, public):
            head = relay.writer.state.seq
            reader, writer = await asyncio.open_connection("127.0.0.1", public.port)
            writer.write(_post(report_body(code)) + b"\r\n" + _page(code) + _page(code, "HEAD") + _page(code))
            replies = [await _reply(reader), await _reply(reader), await _reply(reader, head=True),
                       await _reply(reader)]
            receipt = json.loads(replies[0][2])["receipt"]
            writer.write(f"GET /e/api/receipt/{receipt} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            replies.append(await _reply(reader))
            writer.close()
            return replies, relay.writer.state.seq - head

    replies, written = run(scenario())
    assert [r[0] for r in replies] == [201, 200, 200, 200, 200] and written == 1
    page = replies[1]
    assert "我要上报" in page[2].decode() and "default-src 'none'" in page[1]["content-security-policy"]
    assert replies[2][1]["content-length"] == str(len(page[2])) and replies[3][2] == page[2]
    assert json.loads(replies[4][2])["status"] == "已收到，等待受理"


def test_a_body_that_arrives_in_pieces_is_read_whole(seeded_db):
    db_url, demo = seeded_db
    request = _post(report_body(_code(demo), text="路灯不亮，夜间行人看不清台阶"))

    async def scenario():
        async with running_public(db_url) as (relay, public):
            reader, writer = await asyncio.open_connection("127.0.0.1", public.port)
            for k in range(0, len(request), 40):
                writer.write(request[k:k + 40])
                await writer.drain()
            status, _, body = await _reply(reader)
            writer.close()
            receipt = json.loads(body)["receipt"]
            return status, [i.narrative for i in relay.writer.state.incidents.values()
                             if i.public.get("receipt") == receipt]

    assert run(scenario()) == (201, ["路灯不亮，夜间行人看不清台阶"])


def test_malformed_heads_and_chunked_or_oversized_bodies_are_refused_and_close(seeded_db):
    db_url, _demo = seeded_db
    cases = {
        "no version": b"GET /e/x\r\n\r\n",
        "bad version": b"GET /e/x HTTP/2.0\r\nHost: x\r\n\r\n",
        "absolute target": b"GET http://x/e/x HTTP/1.1\r\nHost: x\r\n\r\n",
        "header without colon": b"GET /e/x HTTP/1.1\r\nHost x\r\n\r\n",
        "head over 16 KiB": b"GET /e/x HTTP/1.1\r\nX-Pad: " + b"a" * (17 * 1024) + b"\r\n\r\n",
        "two lengths": b"POST /e/api/report HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "chunked": b"POST /e/api/report HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "oversized": b"POST /e/api/report HTTP/1.1\r\nContent-Length: 70000\r\n\r\n{",
    }

    async def scenario():
        async with running_public(db_url) as (relay, public):
            head = relay.writer.state.seq
            answers = {}
            for name, raw in cases.items():
                reader, writer = await asyncio.open_connection("127.0.0.1", public.port)
                writer.write(raw)
                status, _, body = await _reply(reader)
                answers[name] = (status, json.loads(body)["error"], await _closed(reader))
                writer.close()
            return answers, relay.writer.state.seq - head

    answers, written = run(scenario())
    assert written == 0
    assert {name: a[0] for name, a in answers.items()} == {
        "no version": 400, "bad version": 400, "absolute target": 400, "header without colon": 400,
        "head over 16 KiB": 400, "two lengths": 400, "chunked": 411, "oversized": 400}
    assert answers["oversized"][1].startswith("提交内容过大") and answers["chunked"][1].startswith("请求须注明内容长度")
    malformed = [error for name, (_, error, _) in answers.items() if name not in ("oversized", "chunked")]
    assert set(malformed) == {"请求格式错误"}
    assert all(closed for _, _, closed in answers.values())


def test_connection_close_and_http10_end_the_connection_after_the_reply(seeded_db):
    db_url, demo = seeded_db
    code = _code(demo)

    async def scenario():
        async with running_public(db_url) as (_relay, public):
            seen = []
            for raw in (_page(code, extra="Connection: close\r\n"), _page(code).replace(b"HTTP/1.1", b"HTTP/1.0"),
                        _page(code, extra="Connection: keep-alive\r\n").replace(b"HTTP/1.1", b"HTTP/1.0")):
                reader, writer = await asyncio.open_connection("127.0.0.1", public.port)
                writer.write(raw + _page(code))  # the second request is not answered once the first closes
                status, headers, _ = await _reply(reader)
                if headers.get("connection") == "close":
                    seen.append((status, "close", await _closed(reader)))
                else:
                    seen.append((status, "open", (await _reply(reader))[0]))
                writer.close()
            return seen

    assert run(scenario()) == [(200, "close", True), (200, "close", True), (200, "open", 200)]


def test_stalled_and_idle_connections_are_closed(seeded_db, monkeypatch):
    db_url, demo = seeded_db
    code = _code(demo)
    monkeypatch.setattr(listener_module, "READ_TIMEOUT_S", 0.3)
    monkeypatch.setattr(listener_module, "IDLE_TIMEOUT_S", 0.6)
    monkeypatch.setattr(listener_module, "SWEEP_S", 0.1)

    async def scenario():
        async with running_public(db_url) as (_relay, public):
            silent = await asyncio.open_connection("127.0.0.1", public.port)
            stalled = await asyncio.open_connection("127.0.0.1", public.port)
            stalled[1].write(_page(code)[:20])  # half a request line, then nothing
            served = await asyncio.open_connection("127.0.0.1", public.port)
            served[1].write(_page(code))
            status = (await _reply(served[0]))[0]
            result = (status, await _closed(stalled[0]), await _closed(silent[0]), await _closed(served[0]))
            for _, writer in (silent, stalled, served):
                writer.close()
            return result

    assert run(scenario()) == (200, True, True, True)


def test_a_connection_over_the_cap_is_closed_and_the_others_go_on(seeded_db, monkeypatch):
    db_url, demo = seeded_db
    code = _code(demo)
    monkeypatch.setattr(listener_module, "MAX_CONNECTIONS", 2)

    async def scenario():
        async with running_public(db_url) as (_relay, public):
            kept = [await asyncio.open_connection("127.0.0.1", public.port) for _ in range(2)]
            for reader, writer in kept:  # both are served, so both are counted
                writer.write(_page(code))
                await _reply(reader)
            surplus = await asyncio.open_connection("127.0.0.1", public.port)
            closed = await _closed(surplus[0])
            kept[0][1].write(_page(code))
            again = (await _reply(kept[0][0]))[0]
            for _, writer in (*kept, surplus):
                writer.close()
            return closed, again

    assert run(scenario()) == (True, 200)
