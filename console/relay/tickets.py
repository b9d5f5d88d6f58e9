"""Resume tickets: a client that lost its connection logs in again without its password.

After a login the relay gives the client a ticket, ``<claims>.<mac>``: the account, the session (an id
and when it began) and an expiry, signed with HMAC-SHA256 under a secret every relay of the database
shares (:mod:`console.store.secrets`). The account's password hash is signed with them (never sent), so
a changed or reset password voids every ticket given before; a disabled account is refused at the row.
A relay that restarted, or a standby that took over, accepts the ticket with one row read and one HMAC
instead of a scrypt check. Tickets live ``ttl_s`` (renewed while the connection lasts, see
:class:`TicketDesk`) and never beyond the session's maximum age.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from websockets.asyncio.server import ServerConnection

from console.domain.errors import DomainError

MAX_TICKET_LEN = 512


@dataclass(frozen=True, slots=True)
class Claims:
    """Who a ticket logs in, in which session (begun at ``since``, ms), until ``expires`` (ms)."""

    account: str
    session: str
    since: int
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, claims: str, password_hash: str) -> bytes:
    return hmac.new(secret, f"resume\0{claims}\0{password_hash}".encode(), hashlib.sha256).digest()


def sign(secret: bytes, claims: Claims, password_hash: str) -> str:
    """The ticket for ``claims``, bound to the account's current ``password_hash``."""
    body = _b64(json.dumps([claims.account, claims.session, claims.since, claims.expires],
                           separators=(",", ":"), ensure_ascii=False).encode())
    return f"{body}.{_b64(_mac(secret, body, password_hash))}"


def claims_of(ticket: str) -> Claims:
    """What a ticket says, unchecked (E_AUTH_FAILED when it is not a ticket at all)."""
    try:
        body, _ = ticket.split(".")
        account, session, since, expires = json.loads(_unb64(body))
        if not (isinstance(account, str) and isinstance(session, str)
                and all(type(v) is int for v in (since, expires))):
            raise ValueError("claims")
    except ValueError:
        raise DomainError("E_AUTH_FAILED", "续连凭证无效 / not a resume ticket") from None
    return Claims(account, session, since, expires)


def verify(secret: bytes, ticket: str, password_hash: str | None, now_ms: int) -> Claims:
    """The ticket's claims if its signature holds for ``password_hash`` and it has not expired; else
    E_AUTH_FAILED (tampered, signed for another password, or expired)."""
    claims = claims_of(ticket)
    expected = _mac(secret, ticket.split(".")[0], password_hash or "")
    try:
        signature = _unb64(ticket.split(".")[1])
    except ValueError:
        signature = b""
    if password_hash is None or not hmac.compare_digest(signature, expected):
        raise DomainError("E_AUTH_FAILED", "续连凭证无效 / resume ticket not valid")
    if claims.expires <= now_ms:
        raise DomainError("E_AUTH_FAILED", "续连凭证已过期，请输入密码 / resume ticket expired")
    return claims


class TicketDesk:
    """Issues tickets to logged-in connections and renews them before they run out."""

    def __init__(self, secret: Callable[[], bytes], clock: Callable[[], float], ttl_s: float,
                 session_max_s: float) -> None:
        self._secret = secret  # the database's shared secret (read once the relay has started)
        self._clock = clock
        self.ttl_s = ttl_s
        self.session_max_s = session_max_s
        self._held: dict[ServerConnection, tuple[Claims, str, float]] = {}  # ws -> (claims, hash, issued at)

    def issue(self, ws: ServerConnection, account: str, password_hash: str, resumed: Claims | None = None) -> str:
        """A ticket for ``ws``: the session ``resumed`` continues, or a new one from now."""
        now = self._clock()
        if resumed is None:
            resumed = Claims(account, secrets.token_hex(8), int(now * 1000), 0)
        expires = min(int((now + self.ttl_s) * 1000), resumed.since + int(self.session_max_s * 1000))
        claims = Claims(account, resumed.session, resumed.since, expires)
        self._held[ws] = (claims, password_hash, now)
        return sign(self._secret(), claims, password_hash)

    def due(self) -> list[tuple[ServerConnection, str]]:
        """Fresh tickets for the connections whose ticket is past half its life (send each to its ``ws``)."""
        now = self._clock()
        renewed = []
        for ws, (claims, password_hash, issued) in list(self._held.items()):
            if now - issued >= self.ttl_s / 2:
                renewed.append((ws, self.issue(ws, claims.account, password_hash, claims)))
        return renewed

    def forget(self, ws: ServerConnection) -> None:
        self._held.pop(ws, None)
