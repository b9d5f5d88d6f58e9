"""An HTTP answer of the public listener: status, headers and body."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

JSON_HEADERS = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")]


@dataclass(slots=True)
class Reply:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def json_reply(status: int, data: dict, extra: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(status, [*JSON_HEADERS, *(extra or [])], json.dumps(data, ensure_ascii=False).encode())


def refusal(status: int, reason: str, retry_after: float = 0.0) -> Reply:
    """``{"error": reason}`` (Chinese), with ``Retry-After`` when given."""
    extra = [("Retry-After", str(max(1, round(retry_after))))] if retry_after else []
    return json_reply(status, {"error": reason}, extra)
