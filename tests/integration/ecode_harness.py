"""An in-process relay with its public e码 listener, and plain HTTP calls to it (from a thread)."""

from __future__ import annotations

import asyncio
import http.client
import json
from contextlib import asynccontextmanager

from console.ecode.abuse import AbuseGate, PublicLimits
from console.ecode.api import PublicApi
from console.ecode.listener import PublicListener
from console.ecode.signing import PlateSigner
from tests.integration.harness import running_relay

SIGNER = PlateSigner(b"test-secret-of-the-e-code-plates", epoch=3)
# IDs valid under GB 11643 (check characters computed, not real people)
ID_FEMALE = "11010519491231002X"


@asynccontextmanager
async def running_public(db_url: str, limits: PublicLimits | None = None, **relay_kwargs):
    """(relay, listener) on free ports over ``db_url``."""
    async with running_relay(db_url, **relay_kwargs) as relay:
        listener = PublicListener(PublicApi(relay, SIGNER, AbuseGate(limits or PublicLimits())), "127.0.0.1", 0)
        await listener.start()
        try:
            yield relay, listener
        finally:
            await listener.stop()


def _request(port: int, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


async def call(port: int, method: str, path: str, payload: object = None, *, raw: bytes | None = None,
               headers: dict | None = None) -> tuple[int, dict, dict | bytes]:
    """One request; a JSON answer is decoded."""
    body = raw if raw is not None else (json.dumps(payload).encode() if payload is not None else None)
    hdrs = {"Content-Type": "application/json", **(headers or {})} if body is not None else dict(headers or {})
    status, got, data = await asyncio.to_thread(_request, port, method, path, body, hdrs)
    if got.get("Content-Type", "").startswith("application/json"):
        return status, got, json.loads(data)
    return status, got, data


def report_body(code: str, text: str = "楼道堆放杂物堵塞消防通道", **extra) -> dict:
    return {"code": code, "s": SIGNER.sign(code), "text": text, "category": "400000", **extra}


def declaration_address(demo):
    """An address in the 警格 of the demo officer m01 with a grid worker to check what is declared there."""
    officer = next(w for w in demo.workers if w.kind.value == "officer")
    police_grid = next(p for p in demo.district.police_grids if officer.grid_code in p.grid_codes)
    return next(a for a in sorted(demo.district.addresses, key=lambda a: a.code)
                if a.grid_code in police_grid.grid_codes
                and any(w.grid_code == a.grid_code and w.kind.value == "grid_worker" for w in demo.workers))
