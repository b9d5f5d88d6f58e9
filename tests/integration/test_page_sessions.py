"""One live session per phone login, at the relay: a login from a relay page (workstation ``web:…``) closes the
same account's earlier page with 4002 whatever the role; a grid worker's login from anywhere closes its earlier
one; a desk console is never closed by a phone, nor does it close one (real relay, real sockets)."""

from __future__ import annotations

import pytest

from console.relay.sessions import TAKEN_OVER
from tests.integration.harness import exchange, raw_socket, run, running_relay

PAGE, DESK = "web:Mozilla/5.0 (Linux; Android 14)", "WS-7"


async def _live(ws) -> bool:
    return (await exchange(ws, {"v": 1, "t": "ping", "id": "p"}))["t"] == "pong"


async def _taken_over(ws) -> tuple[int, str]:
    await ws.wait_closed()
    return ws.close_code, ws.close_reason


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_page_logins_take_over_the_same_accounts_page_never_a_desk(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        out = {}
        async with running_relay(db_url) as relay:
            url = relay.url
            async with raw_socket(url, "l01", workstation=PAGE) as first, raw_socket(url, "l01", workstation=PAGE) as b:
                out["liaison"] = (await _taken_over(first), await _live(b))
            async with raw_socket(url, "m01", workstation=DESK) as desk, raw_socket(url, "m01", workstation=PAGE) as a:
                async with raw_socket(url, "m01", workstation=DESK) as second_desk:
                    out["desk_beside_page"] = (await _live(desk), await _live(a), await _live(second_desk))
                async with raw_socket(url, "m01", workstation=PAGE) as b:
                    out["officer"] = (await _taken_over(a), await _live(b), await _live(desk))
            async with raw_socket(url, "w0001") as app, raw_socket(url, "w0001", workstation=PAGE) as page:
                out["worker"] = (await _taken_over(app), await _live(page))
            async with raw_socket(url, "d01", workstation=PAGE) as one, raw_socket(url, "d02", workstation=PAGE) as two:
                out["other_accounts"] = (await _live(one), await _live(two))
        return out

    out = run(scenario(), timeout=60)
    assert out["liaison"] == (TAKEN_OVER, True)
    assert out["desk_beside_page"] == (True, True, True)  # desks neither take over nor are taken over
    assert out["officer"] == (TAKEN_OVER, True, True)
    assert out["worker"] == (TAKEN_OVER, True)  # a grid worker has one personal session from anywhere
    assert out["other_accounts"] == (True, True)
