"""Which listen addresses count as this machine only."""

from __future__ import annotations

import pytest

from console.relay.exposure import check_exposure, is_loopback


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("", False), ("10.0.0.5", False), ("relayhost", False),
])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_plain_ws_off_loopback_warns_and_loopback_checks_nothing():
    assert check_exposure("127.0.0.1", False, [], ("x",), allow_demo=False) == []
    [warning] = check_exposure("0.0.0.0", False, [], ("x",), allow_demo=False)
    assert "明文 ws://" in warning and "--tls-cert" in warning
    assert check_exposure("0.0.0.0", True, [], ("x",), allow_demo=False) == []
