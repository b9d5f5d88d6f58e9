"""研判推送: a 研判 as 信息推送 notices — one per 警格 of the station to its grid workers and community officers
(or one to everyone for the district) — and the scheduled weekly push through the relay, which first uploads
the report's PDF (``att.put``) so that the notices' recipients can open it on their phones.

Each scheduled notice carries an idempotency key made of the period, the scope and the 警格, so running
the push again for the same week (a timer that fires twice, an operator who retries) is answered by the
relay as a duplicate of the first and sends nothing: the relay looks keys up in the log, restarts included.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from console.domain.decide_notices import recipients
from console.domain.errors import DomainError
from console.domain.notices import MAX_TEXT, Audience, Priority
from console.domain.recording_days import sha256_of
from console.domain.state import State
from console.protocol.attachments import PUT
from console.protocol.recordings import CHUNK_BYTES

KEY_PREFIX = "yp"  # 研判推送


@dataclass(frozen=True, slots=True)
class PlannedNotice:
    key: str  # the idempotency key of the scheduled push
    args: dict  # notice.send arguments


def with_report(text: str, pdf_name: str, pages: int, link: str = "") -> str:
    """The notice text with the PDF named (and linked) at its end, cut to fit the notice's limit."""
    tail = f"\n报告全文：{pdf_name}（{pages} 页）" + (f" {link}" if link else "")
    return text[:MAX_TEXT - len(tail)] + tail


def plan(state: State, station_code: str, period_label: str, text: str, pdf: Path | None = None) -> list[PlannedNotice]:
    """The notices of one push: to each 警格 of ``station_code`` with grid workers or an officer (both receive
    it), or to everyone without a station; each names ``pdf`` (by SHA-256) when given. E_NOT_FOUND when nobody
    of the station would receive it."""
    base = {"text": text, "priority": Priority.IMPORTANT.value, "officers": True,
            **({"file": sha256_of(pdf), "file_name": pdf.name} if pdf is not None else {})}
    if not station_code:
        return [PlannedNotice(f"{KEY_PREFIX}:{period_label}:all", {**base, "audience": Audience.ALL.value})]
    out = [PlannedNotice(f"{KEY_PREFIX}:{period_label}:{station_code}:{pg.code}",
                         {**base, "audience": Audience.POLICE_GRID.value, "code": pg.code})
           for pg in state.district.police_grids
           if pg.station_code == station_code and recipients(state, Audience.POLICE_GRID, pg.code, officers=True)]
    if not out:
        raise DomainError("E_NOT_FOUND", f"派出所 {station_code} 没有网格员 / no grid workers")
    return out


@dataclass(frozen=True, slots=True)
class Pushed:
    code: str  # the 警格 ("" for everyone)
    seq: int
    duplicate: bool  # already pushed for this period: nothing new was sent


async def push(url: str, user: str, password: str, notices: list[PlannedNotice], pdf: Path | None = None,
               timeout: float = 30.0) -> list[Pushed]:
    """Upload ``pdf`` and send ``notices`` through the relay at ``url`` as ``user``; E_UNAVAILABLE when it
    cannot log in, the relay's reason when it refuses the upload or a notice."""
    from console.net.client import CommandRefused, RelayClient
    from console.services.relay_history import refusal

    client = RelayClient(url, user, password, subscribe=False)
    running = client.start()  # ends at once when the login is refused
    live = asyncio.ensure_future(client.live.wait())
    try:
        await asyncio.wait({running, live}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if not client.live.is_set():
            raise DomainError("E_UNAVAILABLE", f"{url}: {client.login_error or '连接超时 / no connection'}")
        if pdf is not None:
            try:
                await upload(client, pdf, timeout)
            except CommandRefused as refused:  # a QueryRefused: the relay's reason
                raise refusal(refused.error) from None
        out = []
        for notice in notices:
            try:
                ack = await client.request("notice.send", notice.args, key=notice.key, timeout=timeout)
            except CommandRefused as refused:
                raise refusal(refused.error) from None
            out.append(Pushed(notice.args.get("code", ""), int(ack["seq"]), bool(ack.get("duplicate"))))
        return out
    finally:
        live.cancel()
        await client.close()


async def upload(client, pdf: Path, timeout: float = 30.0) -> None:
    """``pdf`` to the relay's attachment store in chunks (one round trip each; a file held already: one)."""
    data, sha = pdf.read_bytes(), sha256_of(pdf)
    offset = 0
    while True:
        reply, _ = await client.transfer({"t": PUT, "sha256": sha, "bytes": len(data), "offset": offset},
                                         data[offset:offset + CHUNK_BYTES], timeout)
        if reply["done"]:
            return
        offset = reply["have"]
