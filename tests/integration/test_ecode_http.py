"""The public e码 API over HTTP: signed plates only, Chinese refusals that write nothing, rate limits,
blocks after a desk marks a report 恶意, receipts with the desk's public reply, and 居住登记."""

from __future__ import annotations

import asyncio
import json

import pytest

from console.domain import events as ev
from console.domain.incidents import Source
from console.domain.state import State, apply
from console.ecode.abuse import PublicLimits
from tests.integration.ecode_harness import ID_FEMALE, SIGNER, call, declaration_address, report_body, running_public
from tests.integration.harness import Recorder, run, wait_until

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def desk_state(desk: Recorder) -> State:
    """What the dispatcher's console holds: its snapshot with every event since folded in."""
    state = State.from_snapshot(desk.snapshots[0])
    for event in desk.events:
        apply(state, event)
    return state


def _address(demo, index: int = 0):
    return sorted(demo.district.addresses, key=lambda a: a.code)[index]


def test_ecode_report_lands_in_the_queue_and_its_receipt_shows_the_public_reply(seeded_db):
    db_url, demo = seeded_db
    address = _address(demo)

    async def scenario():
        async with running_public(db_url) as (relay, public), Recorder(relay.url, "d01") as desk:
            status, headers, page = await call(public.port, "GET", f"/e/{address.code}?s={SIGNER.sign(address.code)}")
            assert status == 200 and "script-src 'self'" in headers["Content-Security-Policy"]
            assert address.text.encode() in page
            status, _, answer = await call(public.port, "POST", "/e/api/report",
                                           report_body(address.code, client="ab" * 16))
            assert status == 201, answer
            receipt = answer["receipt"]
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report on the desk")
            reported = desk.of_type(ev.INCIDENT_REPORTED)[0]
            assert reported.actor == "public"
            inc = desk_state(desk).incidents[reported.data["incident"]]
            first = await call(public.port, "GET", f"/e/api/receipt/{receipt}")
            await desk.cmd("incident.public_reply", incident=inc.id, note="已通知物业清理，感谢反映")
            second = await call(public.port, "GET", f"/e/api/receipt/{receipt}")
            return desk_state(desk).incidents[inc.id], first, second, receipt

    inc, first, second, receipt = run(scenario())
    assert inc.source is Source.QR_CODE and inc.address_code == address.code and inc.grid_code == address.grid_code
    assert inc.public["police_grid"] and inc.public["receipt"] == receipt
    assert inc.public["client"] and "ab" * 16 not in str(inc.public)  # a keyed hash, never the token itself
    assert (inc.lng, inc.lat) == (address.lng, address.lat)  # on the map at the door
    assert first[0] == 200 and first[2]["status"] == "已收到，等待受理" and "reply" not in first[2]
    assert second[2]["reply"] == "已通知物业清理，感谢反映" and second[2]["updated_at"] >= first[2]["updated_at"]


def test_ecode_refusals_say_why_in_chinese_and_write_nothing(seeded_db):
    db_url, demo = seeded_db
    code = _address(demo).code

    async def scenario():
        async with running_public(db_url) as (relay, public):
            head = relay.writer.state.seq
            post = lambda payload=None, **kw: call(public.port, "POST", "/e/api/report", payload, **kw)  # noqa: E731
            answers = {
                "forged": await post({**report_body(code), "s": "0" * 16}),
                "other epoch": await post({**report_body(code), "s": type(SIGNER)(b"test-secret-of-the-e-code-plates",
                                                                                   epoch=2).sign(code)}),
                "unknown code": await post(report_body("999999999999999999")),
                "not json": await post(raw=b"{text: 1"),
                "not utf-8": await post(raw=b"\xff\xfe"),
                "a list": await post([1, 2]),
                "no text": await post({"code": code, "s": SIGNER.sign(code)}),
                "blank text": await post(report_body(code, text=" \u200b ")),
                "bad category": await post(report_body(code, category="100000")),
                "bad photo": await post(report_body(code, photo="bm90IGEganBlZw==")),
                "extra field": await post({**report_body(code), "source": "110"}),
                "oversized": await post(raw=b"{" + b" " * (70 * 1024) + b"}"),
                "bad receipt": await call(public.port, "GET", "/e/api/receipt/E0000000000000000"),
                "bad page": await call(public.port, "GET", f"/e/{code}?s=nope"),
            }
            return answers, head, relay.writer.state.seq

    answers, head_before, head_after = run(scenario())
    assert head_after == head_before
    expected = {"forged": 400, "other epoch": 400, "unknown code": 404, "not json": 400, "not utf-8": 400,
                "a list": 400, "no text": 400, "blank text": 400, "bad category": 400, "bad photo": 400,
                "extra field": 400, "oversized": 400, "bad receipt": 404, "bad page": 400}
    assert {k: v[0] for k, v in answers.items()} == expected
    for name, (_status, _headers, body) in answers.items():
        reason = body["error"] if isinstance(body, dict) else body.decode()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), f"{name}: {reason!r}"


def test_unknown_address_with_a_valid_signature_is_404(seeded_db):
    db_url, _demo = seeded_db

    async def scenario():
        async with running_public(db_url) as (_relay, public):
            return await call(public.port, "POST", "/e/api/report", report_body("320508019044999"))

    status, _, body = run(scenario())
    assert status == 404 and "门牌" in body["error"]


def test_ecode_limits_answer_429_per_address_and_per_plate(seeded_db):
    db_url, demo = seeded_db
    first, second = _address(demo, 0).code, _address(demo, 1).code
    limits = PublicLimits(per_address=3, address_window_s=600, per_plate=2, plate_window_s=3600, total_per_min=100)

    async def scenario():
        async with running_public(db_url, limits) as (relay, public):
            post = lambda code: call(public.port, "POST", "/e/api/report", report_body(code))  # noqa: E731
            statuses = [(await post(first))[0] for _ in range(3)]  # the plate allows 2
            statuses += [(await post(second))[0] for _ in range(2)]  # the address had 2 of 3 left... then 1
            limited = await post(second)
            reported = [i for i in relay.writer.state.incidents.values() if i.source is Source.QR_CODE]
            return statuses, limited, len(reported)

    statuses, limited, count = run(scenario())
    assert statuses == [201, 201, 429, 201, 429]
    assert limited[0] == 429 and int(limited[1]["Retry-After"]) > 0 and "分钟" in limited[2]["error"]
    assert count == 3


def test_marking_a_report_abusive_blocks_its_device(seeded_db):
    db_url, demo = seeded_db
    code = _address(demo).code

    async def scenario():
        async with running_public(db_url) as (relay, public), Recorder(relay.url, "d01") as desk:
            status, _, _answer = await call(public.port, "POST", "/e/api/report", report_body(code, client="cd" * 16))
            assert status == 201
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report")
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.mark_abuse", incident=incident, note="辱骂内容")
            await wait_until(lambda: desk.of_type(ev.ABUSE_MARKED), what="the mark")
            head = relay.writer.state.seq
            blocked = await call(public.port, "POST", "/e/api/report", report_body(code, client="cd" * 16))
            return blocked, head, relay.writer.state.seq

    (status, _, body), head, after = run(scenario())
    assert status == 403 and "暂停" in body["error"] and head == after


def test_self_declaration_becomes_a_person_submission_and_a_verification_order(seeded_db):
    db_url, demo = seeded_db
    address = next(a for a in sorted(demo.district.addresses, key=lambda a: a.code)
                   if any(w.grid_code == a.grid_code and w.kind.value == "grid_worker" for w in demo.workers))
    fields = {"name": "张三", "id_number": ID_FEMALE, "phone": "13800138000", "move_in": "2024-03-01",
              "relation": "租住", "workplace": "某某物流公司"}

    async def scenario():
        async with running_public(db_url) as (relay, public):
            body = {"code": address.code, "s": SIGNER.sign(address.code), "fields": fields}
            status, _, answer = await call(public.port, "POST", "/e/api/declare", body)
            assert status == 201, answer
            bad = await call(public.port, "POST", "/e/api/declare",
                             {**body, "fields": {**fields, "id_number": ID_FEMALE[:-1] + "1"}})
            again = await call(public.port, "POST", "/e/api/declare", body)  # the first is still under review
            receipt = await call(public.port, "GET", f"/e/api/receipt/{answer['receipt']}")
            state = relay.writer.state
            return answer, bad, again, receipt, list(state.submissions.values()), list(state.orders.values())

    answer, bad, again, receipt, submissions, orders = run(scenario())
    assert bad[0] == 400 and "校验位" in bad[2]["error"]
    assert again[0] == 409
    (sub,) = submissions
    assert sub.kind.value == "person" and sub.by == "public" and sub.receipt == answer["receipt"]
    assert sub.fields["floating"] is True and sub.fields["sex"] == "2" and sub.fields["relation"] == "租住"
    assert sub.grid_code == address.grid_code
    (order,) = orders
    assert order.kind.value == "verify_person" and order.worker_id == sub.worker_id and order.target == ID_FEMALE
    assert receipt[2]["status"] == "核查中"


def test_self_declaration_receipt_shows_its_progress_in_public_words(seeded_db):
    """已提交 → 核查中 → 已登记, or → 已退回 with the officer's reason; never the person's data."""
    db_url, demo = seeded_db
    address = declaration_address(demo)  # in m01's 警格
    second_id = "110105194912310038"  # a valid GB 11643 number, a man
    people = [{"name": "张三", "id_number": ID_FEMALE, "phone": "13800138000", "relation": "租住"},
              {"name": "李四", "id_number": second_id, "phone": "13900139000", "relation": "借住"}]

    async def scenario():
        async with running_public(db_url) as (relay, public), Recorder(relay.url, "m01") as m01:
            receipts = []
            for fields in people:
                body = {"code": address.code, "s": SIGNER.sign(address.code), "fields": fields}
                status, _, answer = await call(public.port, "POST", "/e/api/declare", body)
                assert status == 201, answer
                receipts.append(answer["receipt"])
            await wait_until(lambda: len(relay.writer.state.orders) == 2, what="both 核查 orders")
            checking = [await call(public.port, "GET", f"/e/api/receipt/{r}") for r in receipts]
            subs = {s.receipt: s.id for s in relay.writer.state.submissions.values()}
            await m01.cmd("submission.accept", submission=subs[receipts[0]], note="核查属实")
            await m01.cmd("submission.return", submission=subs[receipts[1]], note="请携带租房合同到社区警务室办理")
            decided = [await call(public.port, "GET", f"/e/api/receipt/{r}") for r in receipts]
            return checking, decided

    checking, decided = run(scenario())
    for status, _, answer in checking:
        assert status == 200 and answer["status"] == "核查中"
        assert [p["step"] for p in answer["progress"]] == ["已提交", "核查中"] and "reply" not in answer
    (_, _, registered), (_, _, returned) = decided
    assert registered["status"] == "已登记"
    assert [p["step"] for p in registered["progress"]] == ["已提交", "核查中", "已登记"]
    assert returned["status"] == "已退回" and returned["progress"][-1]["step"] == "已退回"
    assert returned["reply"] == "请携带租房合同到社区警务室办理"
    assert all(p["at"] > 0 for p in registered["progress"])
    assert registered["updated_at"] >= registered["progress"][-1]["at"]
    public_text = json.dumps([checking, decided], ensure_ascii=False)
    for person in people:
        assert person["id_number"] not in public_text and person["name"] not in public_text
        assert person["phone"] not in public_text


def test_keep_alive_serves_several_requests_on_one_connection(seeded_db):
    db_url, demo = seeded_db
    code = _address(demo).code

    async def scenario():
        async with running_public(db_url) as (_relay, public):
            reader, writer = await asyncio.open_connection("127.0.0.1", public.port)
            request = f"GET /e/{code}?s={SIGNER.sign(code)} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            writer.write(request * 3)
            await writer.drain()
            seen = b""
            while seen.count(b"HTTP/1.1 200") < 3:
                chunk = await asyncio.wait_for(reader.read(65536), 10)
                assert chunk, seen[-200:]
                seen += chunk
            writer.close()
            return seen

    assert run(scenario()).count(b"HTTP/1.1 200") == 3
