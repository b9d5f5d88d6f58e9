"""Replay over days of history: persisted checkpoints, and ranges read through the relay.

    python -m bench.replay_history [--workers 100 --hours 48 --incidents-per-hour 60] [--db FILE]

Generates the log with :class:`bench.replay.Day` (real deciders, the store's write path), then prints:

- ``range_load_full_ms`` / ``range_load_checkpoint_ms``: loading the last hour's replay folding the log from
  its start, and from the nearest persisted checkpoint (after ``checkpoint_log.extend``, timed once:
  ``extend_s``, ``checkpoints``, ``checkpoint_kib``);
- through an in-process relay over real sockets, a trainer's session: ``relay_open_ms`` (reference, overview),
  ``relay_state_ms`` (the state at the range's middle) against ``direct_state_ms`` on the loaded engine, and
  ``relay_window_ms`` (a 60 s window of events and positions, as 60x playback loads it) against ``direct_window_ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import tempfile
from datetime import date
from pathlib import Path

from bench.common import percentile
from bench.replay import Day, timed
from console.net.client import RelayClient
from console.relay.server import Relay
from console.replay import Replay, checkpoint_log
from console.replay.ranges import day_range
from console.services.demo_seed import DEMO_PASSWORD, seed_demo
from console.services.relay_history import BlockingQueries, RelayHistory
from console.services.relay_reads import StoreReads
from console.store.store import Store

HOUR_MS = 3_600_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--hours", type=float, default=48)
    parser.add_argument("--incidents-per-hour", type=float, default=60)
    parser.add_argument("--every", type=int, default=checkpoint_log.EVERY)
    parser.add_argument("--db", help="SQLite file to write (default: a temp file); reused if it exists")
    args = parser.parse_args()
    path = args.db or str(Path(tempfile.mkdtemp(prefix="jingwang-bench-history-")) / "history.db")
    url = f"sqlite:///{path}"
    start = day_range(date(2025, 11, 21))[0]
    end = start + int(args.hours * HOUR_MS)
    store = Store(url)
    store.upgrade()
    if not store.head():
        demo = seed_demo(store, 7, args.workers)
        day = Day(store, demo, start, args.incidents_per_hour, random.Random(5), bulk=True)
        day.run(end, sample_size=0)
        print(f"RESULT positions={day.positions} other_events={day.others} hours={args.hours:g}")
    last = (end - HOUR_MS, end)
    full_ms, full = timed(lambda: Replay(store, *last, persisted=False))
    extend_s = timed(lambda: checkpoint_log.extend(store, every=args.every))[0] / 1000
    quick_ms, quick = timed(lambda: Replay(store, *last))
    assert quick.state_at(end) == full.state_at(end)
    with store.engine.connect() as conn:
        kib = conn.exec_driver_sql("SELECT COALESCE(SUM(LENGTH(body)), 0) FROM replay_checkpoints").scalar() / 1024
    print(f"RESULT range_load_full_ms={full_ms:.0f} range_load_checkpoint_ms={quick_ms:.0f} extend_s={extend_s:.1f} "
          f"checkpoints={checkpoint_log.count(store)} checkpoint_kib={kib:.0f} every={args.every}")
    asyncio.run(through_relay(store, url, *last, quick))
    store.dispose()
    if not args.db:
        shutil.rmtree(Path(path).parent)


async def through_relay(store: Store, url: str, start: int, end: int, direct: Replay) -> None:
    relay = Relay(store, "127.0.0.1", 0, log_logins=False, risk=False, reads=StoreReads(url))
    await relay.start()
    client = RelayClient(relay.url, "t01", DEMO_PASSWORD, subscribe=False)
    client.start()
    await client.wait_live()
    try:
        ask = BlockingQueries(client, asyncio.get_running_loop())
        await asyncio.to_thread(measure, RelayHistory(ask), direct, start, end)
    finally:
        await client.close()
        await relay.stop()


def measure(history: RelayHistory, direct: Replay, start: int, end: int) -> None:
    history.replay(start, end)  # the relay loads the range once (from its checkpoint) and keeps it
    open_ms, remote = timed(history.replay, start, end)
    mid = (start + end) // 2
    relay_state, direct_state, relay_window, direct_window = [], [], [], []
    for k in range(10):
        t = mid + k * 60_000
        relay_state.append(timed(remote.state_at, t)[0])
        direct_state.append(timed(direct.state_at, t)[0])
        relay_window.append(timed(lambda t=t: (remote.events_between(t, t + 60_000),
                                               remote.fixes_between(t, t + 60_000)))[0])
        direct_window.append(timed(lambda t=t: (direct.events_between(t, t + 60_000),
                                                direct.fixes_between(t, t + 60_000)))[0])
    fixes = len(remote.fixes_between(mid, mid + 60_000))
    print(f"RESULT relay_open_ms={open_ms:.0f} relay_state_ms_p50={percentile(sorted(relay_state), 50):.1f} "
          f"direct_state_ms_p50={percentile(sorted(direct_state), 50):.1f} "
          f"relay_window_ms_p50={percentile(sorted(relay_window), 50):.1f} "
          f"direct_window_ms_p50={percentile(sorted(direct_window), 50):.1f} fixes_per_window={fixes}")


if __name__ == "__main__":
    main()
