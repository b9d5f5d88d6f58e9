"""What the public e码 listener answers: the page for a door plate, reports, 居住登记 and receipts.

Plain request → :class:`Reply` functions over the relay's writer; the socket side is
:mod:`console.ecode.listener`. The browser supplies only text, a category, a photo, its device token
and a resident's declaration: the address, grid, 警格 and source come from the signed plate and the
relay's state. A refusal writes nothing and says why in Chinese.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
from collections.abc import Coroutine
from typing import TYPE_CHECKING
from urllib.parse import unquote

from console.domain import events as ev
from console.domain.catalogue import validate_args
from console.domain.clock import now_ms
from console.domain.decide_public import PUBLIC_ACTOR, PUBLIC_CATEGORIES, police_grid_of
from console.domain.errors import DomainError
from console.domain.incidents import Status
from console.domain.records import RELATIONS, Submission, SubmissionStatus
from console.ecode.abuse import AbuseGate, Refused
from console.ecode.page import PageSite
from console.ecode.reply import Reply, json_reply, refusal
from console.ecode.scans import ScanCounter
from console.ecode.signing import PlateSigner
from console.store import history

if TYPE_CHECKING:
    from console.relay.server import Relay

MAX_BODY = 64 * 1024
RECEIPT = re.compile(r"E[0-9A-F]{16}")
CLIENT_TOKEN = re.compile(r"[0-9a-f]{16,64}")
_IN_PROGRESS = "处理中"
PUBLIC_STATUS = {
    Status.NEW: "已收到，等待受理", Status.ACCEPTED: "已受理", Status.DISPATCHED: _IN_PROGRESS,
    Status.SIGNED: _IN_PROGRESS, Status.ON_SCENE: _IN_PROGRESS, Status.FEEDBACK: _IN_PROGRESS,
    Status.VERIFYING: _IN_PROGRESS, Status.RETURNED: _IN_PROGRESS, Status.REFERRED: "已转相关部门处理",
    Status.CLOSED: "已办结", Status.VOID: "已结束",
}
# a 居住登记's progress in public words: 已提交 → 核查中 (its 核查 order is out) → 已登记 / 已退回
SUBMITTED, CHECKING = "已提交", "核查中"
DECLARATION_VERDICT = {SubmissionStatus.ACCEPTED: "已登记", SubmissionStatus.RETURNED: "已退回"}
WRITER_STATUS = {"E_NOT_FOUND": 404, "E_CONFLICT": 409, "E_OVERLOADED": 503, "E_STORE": 503, "E_RATE": 503,
                 "E_INTERNAL": 500}


class PublicApi:
    """Routes the public listener's requests; keeps the receipt index and the blocks from the relay's events."""

    def __init__(self, relay: Relay, signer: PlateSigner, gate: AbuseGate | None = None) -> None:
        self.relay = relay
        self.signer = signer
        self.gate = gate or AbuseGate()
        self.site = PageSite()
        self.receipts: dict[str, tuple[str, str]] = {}  # receipt -> ("incident" | "submission", id)
        self.checks: dict[str, str] = {}  # a 居住登记's submission id -> its 核查 order
        self.stats: dict[str, int] = {"reports": 0, "declarations": 0, "refused": 0}
        self._pages: dict[str, Reply] = {}  # address code -> its page (addresses change only across restarts)
        self.scans = ScanCounter()

    # -- the relay's state and events ------------------------------------------------------------

    def load(self) -> None:
        """Index receipts and open blocks from the relay's state (at start)."""
        state = self.relay.writer.state
        block_ms = self.gate.limits.block_s * 1000
        for inc in list(state.incidents.values()):
            if inc.public.get("receipt"):
                self.receipts[inc.public["receipt"]] = ("incident", inc.id)
            abuse_at = inc.public.get("abuse_at", 0)
            if abuse_at and abuse_at + block_ms > self.gate.clock() * 1000:
                self.gate.block([inc.public.get("client", ""), inc.public.get("addr", "")], abuse_at / 1000)
        for sub in list(state.submissions.values()):
            if sub.receipt:
                self.receipts[sub.receipt] = ("submission", sub.id)
        for order in list(state.orders.values()):
            if order.declaration:
                self.checks[order.declaration] = order.id

    def observe(self, events: list[ev.Event]) -> None:
        """Follow committed events (called by the relay with every batch)."""
        for e in events:
            if e.type == ev.INCIDENT_REPORTED and e.data.get("public"):
                self.receipts[e.data["public"]["receipt"]] = ("incident", e.data["incident"])
            elif e.type == ev.SUBMISSION_SUBMITTED and e.data.get("receipt"):
                self.receipts[e.data["receipt"]] = ("submission", e.data["submission"])
            elif e.type == ev.ORDER_ISSUED and e.data.get("declaration"):
                self.checks[e.data["declaration"]] = e.data["order"]
            elif e.type == ev.ABUSE_MARKED:
                self.gate.block([e.data.get("client", ""), e.data.get("addr", "")], e.at / 1000)

    # -- routing ------------------------------------------------------------------------------

    def handle(self, method: str, target: str, body: bytes, client_ip: str) -> Reply | Coroutine[None, None, Reply]:
        """The reply at once (a page, an asset, a refusal), or a coroutine giving it (what waits for the writer or
        the store): the listener runs no task for a page scan."""
        path, _, query = target.partition("?")
        try:
            if method == "POST" and path == "/e/api/report":
                return self._refusing(self.report(body, client_ip))
            if method == "POST" and path == "/e/api/declare":
                return self._refusing(self.declare(body, client_ip))
            if method not in ("GET", "HEAD"):
                return refusal(405, "不支持的请求方法")
            if path.startswith("/e/api/receipt/"):
                return self._refusing(self.receipt(path[len("/e/api/receipt/"):]))
            if path.startswith("/e/static/"):
                return self.site.asset(path[len("/e/static/"):])
            if path.startswith("/e/") and "/" not in path[3:]:
                return self.page(unquote(path[3:]), query)
            return refusal(404, "页面不存在")
        except Refused as why:
            return self._refused(why)

    async def _refusing(self, answer: Coroutine[None, None, Reply]) -> Reply:
        try:
            return await answer
        except Refused as why:
            return self._refused(why)

    def _refused(self, why: Refused) -> Reply:
        self.stats["refused"] += 1
        return refusal(why.status, why.reason, why.retry_after)

    # -- the page -----------------------------------------------------------------------------

    def page(self, code: str, query: str) -> Reply:
        signature = next((v for k, _, v in (p.partition("=") for p in query.split("&")) if k == "s"), "")
        try:
            address = self._plate(code, signature)
        except Refused as why:
            return self.site.page(why.status, {"error": why.reason})
        self.scans.count(address.code, now_ms())
        cached = self._pages.get(address.code)
        if cached is None:
            if len(self._pages) > 20_000:
                self._pages.clear()
            cached = self._pages[address.code] = self._render(address, signature.lower())
        return cached

    def _render(self, address, signature: str) -> Reply:
        state = self.relay.writer.state
        grid = next((g for g in state.district.grids if g.code == address.grid_code), None)
        return self.site.page(200, {
            "code": address.code, "s": signature, "address": address.text,
            "grid": address.grid_code, "grid_name": grid.name if grid else "",
            "police_grid": police_grid_of(state, address.grid_code),
            "categories": [[k, v] for k, v in PUBLIC_CATEGORIES.items()], "relations": list(RELATIONS),
        })

    def _plate(self, code: str, signature: str):
        if not code or len(code) > 32 or not self.signer.valid(code, signature):
            raise Refused(400, "二维码无效或已过期，请扫描门牌上的二维码")
        address = self.relay.writer.state.address_index.get(code)
        if address is None:
            raise Refused(404, "该门牌地址不存在或已注销")
        return address

    # -- reports and declarations -------------------------------------------------------------

    async def report(self, body: bytes, client_ip: str) -> Reply:
        data = _json_body(body)
        _expect(data, {"code": str, "s": str, "text": str}, {"category": str, "photo": str, "client": str})
        address = self._plate(data["code"], data["s"])
        client, addr = self._sender(data, client_ip)
        args = {"address_code": address.code, "text": data["text"], "receipt": _new_receipt(),
                "client": client, "addr": addr}
        if data.get("category"):
            args["category"] = data["category"]
        if data.get("photo"):
            args["photo"] = data["photo"]
        self._check("ecode.report", args)
        self.gate.admit(client, addr, address.code)
        await self._send("ecode.report", args)
        self.stats["reports"] += 1
        return json_reply(201, {"receipt": args["receipt"]})

    async def declare(self, body: bytes, client_ip: str) -> Reply:
        data = _json_body(body)
        _expect(data, {"code": str, "s": str, "fields": dict}, {"client": str})
        address = self._plate(data["code"], data["s"])
        client, addr = self._sender(data, client_ip)
        args = {"address_code": address.code, "fields": data["fields"], "receipt": _new_receipt()}
        self._check("ecode.declare", args)
        self.gate.admit(client, addr, address.code)
        await self._send("ecode.declare", args)
        self.stats["declarations"] += 1
        _kind, submission = self.receipts.get(args["receipt"], ("", ""))  # indexed on commit, before the ack
        if submission:  # the grid worker's 核查 order; refused when the person was checked recently
            with contextlib.suppress(Refused):
                await self._send("ecode.verify", {"submission": submission}, key=args["receipt"] + ":verify")
        return json_reply(201, {"receipt": args["receipt"]})

    def _sender(self, data: dict, client_ip: str) -> tuple[str, str]:
        token = data.get("client", "")
        if token and not CLIENT_TOKEN.fullmatch(token):
            raise Refused(400, "设备标识格式错误")
        return self.signer.tag("client", token), self.signer.tag("addr", client_ip)

    @staticmethod
    def _check(op: str, args: dict) -> None:
        try:
            validate_args(op, args)
        except DomainError as err:
            raise Refused(400, err.zh) from err

    async def _send(self, op: str, args: dict, key: str | None = None) -> int:
        writer = self.relay.writer
        try:
            future = writer.submit(PUBLIC_ACTOR, key or args["receipt"], op, args, owner="ecode")
            async with asyncio.timeout(15.0):  # no task per report, as wait_for would make
                seq, _duplicate = await future
        except DomainError as err:
            raise Refused(WRITER_STATUS.get(err.code, 400), err.zh) from err
        except TimeoutError as exc:
            raise Refused(503, "系统繁忙，请稍后再试") from exc
        return seq

    async def flush_scans(self) -> int:
        """Commit the page views counted so far (one ``ecode.scans`` per hour); kept for later if refused."""
        committed = 0
        for hour_at, counts in self.scans.take():
            try:
                await self._send("ecode.scans", {"hour_at": hour_at, "counts": counts},
                                 key=f"scans:{hour_at}:{secrets.token_hex(6)}")
                committed += sum(counts.values())
            except Refused:
                self.scans.give_back(hour_at, counts)
        return committed

    # -- receipts -----------------------------------------------------------------------------

    async def receipt(self, receipt: str) -> Reply:
        """A receipt's progress: from the relay's state, or from the database for work no snapshot carries any more
        (an incident closed long ago, a 居住登记 whose 核查 has left the state)."""
        if not RECEIPT.fullmatch(receipt):
            return refusal(404, "回执号不存在")
        state = self.relay.writer.state
        kind, item = self.receipts.get(receipt, ("incident", ""))
        if kind == "submission" and item in state.submissions:
            return json_reply(200, await self._declaration_progress(state.submissions[item]))
        inc = state.incidents.get(item) if kind == "incident" else None
        if inc is None and kind == "incident":
            inc = await self._stored(history.incident_by_receipt, receipt)
        if inc is None:
            return refusal(404, "回执号不存在")
        answer = {"status": PUBLIC_STATUS[inc.status], "updated_at": inc.updated_at}
        if inc.public.get("reply"):
            answer["reply"] = inc.public["reply"]
        return json_reply(200, answer)

    async def _stored(self, load, key: str):
        """``load(store, key)`` on the relay's read threads (history the state no longer holds)."""
        return await asyncio.get_running_loop().run_in_executor(self.relay.readers, load, self.relay.store, key)

    async def _declaration_progress(self, sub: Submission) -> dict:
        """A 居住登记's receipt: its steps so far with their times, the last as the status, and the officer's
        reason when it was returned. Nothing of the person."""
        order = self.relay.writer.state.orders.get(self.checks.get(sub.id, ""))
        if order is None:
            order = await self._stored(history.check_of_declaration, sub.id)
        steps = [(SUBMITTED, sub.submitted_at)]
        if order is not None:
            steps.append((CHECKING, order.issued_at))
        if sub.status in DECLARATION_VERDICT:
            steps.append((DECLARATION_VERDICT[sub.status], sub.reviewed_at))
        answer = {"status": steps[-1][0], "updated_at": max(sub.updated_at, order.updated_at if order else 0),
                  "progress": [{"step": step, "at": at} for step, at in steps]}
        if sub.status is SubmissionStatus.RETURNED and sub.reason:
            answer["reply"] = sub.reason
        return answer


def _new_receipt() -> str:
    return "E" + secrets.token_hex(8).upper()


def _json_body(body: bytes) -> dict:
    if len(body) > MAX_BODY:
        raise Refused(400, "提交内容过大（照片请小于约35KB）")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Refused(400, "提交内容格式错误") from exc
    if not isinstance(data, dict):
        raise Refused(400, "提交内容格式错误")
    return data


def _expect(data: dict, required: dict[str, type], optional: dict[str, type]) -> None:
    for name, kind in required.items():
        if not isinstance(data.get(name), kind):
            raise Refused(400, f"缺少或错误的字段 {name}")
    for name, kind in optional.items():
        if name in data and data[name] is not None and not isinstance(data[name], kind):
            raise Refused(400, f"字段 {name} 格式错误")
    unknown = set(data) - set(required) - set(optional)
    if unknown:
        raise Refused(400, f"未知字段 {', '.join(sorted(unknown))[:60]}")
