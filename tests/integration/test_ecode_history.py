"""e码 receipts over years: after a relay restart, the receipt of a public report closed long ago (no snapshot
carries it) and of a 居住登记 whose 核查 has left the state still answer, from the database."""

from __future__ import annotations

import time

from console.domain import events as ev
from tests.integration.ecode_harness import ID_FEMALE, SIGNER, call, declaration_address, report_body, running_public
from tests.integration.harness import Recorder, run, wait_until

DAY_S = 86_400


def test_receipts_of_work_closed_long_ago_answer_after_a_restart(seeded_db):
    db_url, demo = seeded_db
    address = declaration_address(demo)  # in m01's 警格, with a grid worker for the 核查
    ten_days_ago = time.time() - 10 * DAY_S

    async def long_ago():
        async with running_public(db_url, clock=lambda: ten_days_ago, closed_days=3) as (relay, public), \
                Recorder(relay.url, "d01") as desk, Recorder(relay.url, "m01") as m01:
            status, _, report = await call(public.port, "POST", "/e/api/report", report_body(address.code))
            assert status == 201, report
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report")
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.public_reply", incident=incident, note="已通知物业清理，感谢反映")
            await desk.cmd("incident.void", incident=incident, note="已现场处理")
            fields = {"name": "张三", "id_number": ID_FEMALE, "phone": "13800138000", "relation": "租住"}
            status, _, declared = await call(public.port, "POST", "/e/api/declare",
                                             {"code": address.code, "s": SIGNER.sign(address.code), "fields": fields})
            assert status == 201, declared
            await wait_until(lambda: desk.of_type(ev.ORDER_ISSUED), what="the 核查 order")
            check = desk.of_type(ev.ORDER_ISSUED)[0].data["order"]
            await desk.cmd("order.cancel", order=check, note="已电话核实")
            sub = next(iter(relay.writer.state.submissions.values()))
            await m01.cmd("submission.return", submission=sub.id, note="请到社区警务室办理")
            await wait_until(lambda: desk.of_type(ev.SUBMISSION_RETURNED), what="the return")
            then = [await call(public.port, "GET", f"/e/api/receipt/{r}")
                    for r in (report["receipt"], declared["receipt"])]
            return incident, check, report["receipt"], declared["receipt"], then

    async def today(incident, check, receipts):
        async with running_public(db_url, closed_days=3) as (relay, public):
            held = incident in relay.writer.state.incidents, check in relay.writer.state.orders
            answers = [await call(public.port, "GET", f"/e/api/receipt/{r}") for r in receipts]
            unknown = await call(public.port, "GET", "/e/api/receipt/E0123456789ABCDEF")
            return held, answers, unknown

    incident, check, report_receipt, declared_receipt, then = run(long_ago(), timeout=120)
    held, now, unknown = run(today(incident, check, (report_receipt, declared_receipt)))
    assert held == (False, False), "the closed report and the cancelled 核查 have left the relay's state"
    assert [status for status, _, _ in now] == [200, 200]
    assert now[0][2] == then[0][2] == {"status": "已结束", "updated_at": now[0][2]["updated_at"],
                                       "reply": "已通知物业清理，感谢反映"}
    assert now[1][2] == then[1][2]
    assert [p["step"] for p in now[1][2]["progress"]] == ["已提交", "核查中", "已退回"]
    assert unknown[0] == 404 and unknown[2]["error"] == "回执号不存在"
