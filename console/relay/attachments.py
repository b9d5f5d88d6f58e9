"""The relay's side of notice attachments: uploads (``att.put``) and ``GET /files/<notice>?k=<key>``.

Who may upload: the roles that may send a notice (desks and station chiefs). Who may download: a page
session (``/field/``) whose worker is a recipient of the notice. Each page login gets a random key in its
``auth.ok`` (``files``), valid while that websocket lives; a request without a live key (anonymous, logged
out, taken over) or from someone the notice was not sent to is refused with 403, and nothing is served
that no notice names.
"""

from __future__ import annotations

import asyncio
import secrets
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, urlsplit

from websockets.asyncio.server import ServerConnection
from websockets.http11 import Request, Response

from console.domain.catalogue import CONSOLES
from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.protocol import attachments as att
from console.relay.attachment_store import AttachmentStore
from console.relay.static import http_response, text_response

if TYPE_CHECKING:
    from console.relay.server import Relay

PREFIX = "/files/"
UPLOADERS = CONSOLES  # notice.send's roles


class AttachmentDesk:
    """Answers ``att.put`` into ``store`` (None: the relay keeps no attachments, uploads are refused) and
    serves stored files to the recipients of the notices naming them."""

    def __init__(self, relay: Relay, store: AttachmentStore | None) -> None:
        self.relay, self.store = relay, store
        self._keys: dict[str, tuple[ServerConnection, str]] = {}  # key -> (page connection, its worker)
        self._locks: dict[str, asyncio.Lock] = {}

    # -- upload ------------------------------------------------------------------------------------

    async def answer(self, actor: Actor, msg: att.AttPut) -> dict:
        if self.store is None:
            raise DomainError("E_UNAVAILABLE", "中继未配置附件存储 / the relay keeps no attachments")
        if actor.role not in UPLOADERS:
            raise DomainError("E_FORBIDDEN", f"{actor.account} 无权上传附件 / may not upload attachments")
        lock = self._locks.setdefault(msg.sha256, asyncio.Lock())
        async with lock:
            have, done = await self._io(self.store.put, msg.sha256, msg.bytes, msg.offset, msg.data)
        if done:
            self._locks.pop(msg.sha256, None)
        return att.ok(msg.id, have, done)

    # -- page keys ---------------------------------------------------------------------------------

    def issue(self, ws: ServerConnection, worker_id: str | None) -> str:
        """A fresh key for a page session of ``worker_id`` (empty when there is nothing it could download)."""
        if self.store is None or not worker_id:
            return ""
        key = secrets.token_urlsafe(24)
        self._keys[key] = (ws, worker_id)
        return key

    def forget(self, ws: ServerConnection) -> None:
        for key in [k for k, (conn, _) in self._keys.items() if conn is ws]:
            del self._keys[key]

    # -- download ----------------------------------------------------------------------------------

    async def respond(self, request: Request) -> Response:
        """The PDF a notice names, for a recipient's live page session; 403/404 with a reason otherwise."""
        url = urlsplit(request.path)
        notice_id = url.path[len(PREFIX):]
        held = self._keys.get((parse_qs(url.query).get("k") or [""])[0])
        if held is None:
            return text_response(HTTPStatus.FORBIDDEN, "请先登录外勤页面 / sign in on the field page first")
        notice = self.relay.writer.state.notices.get(notice_id)
        if notice is None or not notice.file:
            return text_response(HTTPStatus.NOT_FOUND, "没有这份附件 / no such attachment")
        if held[1] not in notice.workers:
            return text_response(HTTPStatus.FORBIDDEN, "该通知未推送给您 / this notice was not sent to you")
        path = self.store.path(notice.file)
        if path is None:
            return text_response(HTTPStatus.NOT_FOUND, "附件尚未上传到中继 / not on the relay")
        body = await self._io(path.read_bytes)
        self.relay.stats["attachments_served"] += 1
        return http_response(HTTPStatus.OK, {
            "Content-Type": "application/pdf", "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(notice.file_name)}"}, body)

    async def _io(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.relay.readers, fn, *args)

