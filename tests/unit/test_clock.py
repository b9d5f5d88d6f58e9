"""The one wall clock: real by default, replaceable for a test."""

from __future__ import annotations

import time

from console.domain import clock
from console.domain.clock import ManualClock, use_clock


def test_system_clock_is_epoch_milliseconds():
    before = int(time.time() * 1000)
    assert before <= clock.now_ms() <= int(time.time() * 1000)


def test_a_manual_clock_stands_still_until_moved_and_is_removed_after_the_block():
    with use_clock(ManualClock(1_700_000_000_000)) as manual:
        assert clock.now_ms() == 1_700_000_000_000
        manual.advance(1_500)
        assert clock.now_ms() == 1_700_000_001_500
    assert clock.now_ms() > 1_700_000_001_500
