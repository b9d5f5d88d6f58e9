"""``bench.cluster --partitions N``: N jurisdictions on one PostgreSQL, each written by its own relay, one standby
standing by for all of them (``jingwang relay --standby --partition p1 … --partition pN``).

Each partition (schema ``jw_pK``) is seeded with workers/N and gets consoles/N consoles, its own field gateway and
desk load (as ``bench.cluster``), every client given ``writer/p/pK,standby/p/pK``. After the steady window the writer
of p1 is killed (SIGKILL): ``takeover_s`` is until the standby says READY (holding p1's lease), ``resume_s`` until
p1's last console is live again; ``other_ack_p99_ms`` is the p99 acknowledgement time of the other partitions'
commands sent between the kill and the takeover (their writers go on); ``lost``/``dup`` over every partition's log.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

import psycopg

from bench.cluster import AFTER_TAKEOVER_S, Console, Load, Relays, check_log
from bench.common import cpu_s, percentile
from console.services.demo_seed import seed_demo
from console.store.partition import client_url, in_partition
from console.store.store import Store
from tests.integration.pg import PgCluster


def seeded_partitions(cluster: PgCluster, count: int, workers: int) -> tuple[str, dict[str, str], dict]:
    """A fresh database with partitions p1…p``count``, each seeded with ``workers`` workers; (database URL,
    {code: partition URL}, {code: demo district})."""
    with psycopg.connect(cluster.admin_url(), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "partitions"')
    url = cluster.url.rsplit("/", 1)[0] + "/partitions"
    urls, demos = {}, {}
    for k in range(1, count + 1):
        code = f"p{k}"
        urls[code] = in_partition(url, code)
        store = Store(urls[code])
        demos[code] = seed_demo(store, 6 + k, workers)
        store.dispose()
    return url, urls, demos


async def scenario(urls: dict[str, str], relays: Relays, demos: dict, args: argparse.Namespace) -> dict:
    codes = list(urls)
    writers, standby = relays.urls[:-1], relays.urls[-1]
    lists = {code: [client_url(writers[k], code), client_url(standby, code)] for k, code in enumerate(codes)}
    consoles = {code: [Console(lists[code], "d01" if i % 2 else "d02", not args.password_resume)
                       for i in range(args.consoles // len(codes))] for code in codes}
    everyone = [c for group in consoles.values() for c in group]
    for console in everyone:
        console.start()
    await asyncio.wait_for(asyncio.gather(*(c.live.wait() for c in everyone)), 120)
    loads = {code: Load(lists[code], [w.id for w in demos[code].workers], args.interval) for code in codes}
    for code, load in loads.items():
        await load.start(demos[code].district.addresses[0].code)
    await asyncio.sleep(3)  # warm-up: snapshots settled, batches steady (the measurement window's start)
    for console in everyone:
        console.measuring = True
    pids = [os.getpid(), *(proc.pid for proc in relays.procs[:-1])]
    cpu_before = [cpu_s(pid) for pid in pids]
    await asyncio.sleep(args.seconds)  # the steady window itself
    cpu = [(cpu_s(pid) - before) / args.seconds for pid, before in zip(pids, cpu_before, strict=True)]
    for console in everyone:
        console.measuring = False
    steady = sorted(x for c in everyone for x in c.latencies)
    relays.procs[0].kill()  # the writer of p1
    killed = time.monotonic()
    while not relays.ready_at:
        await asyncio.sleep(0.05)  # polls a flag the reader thread sets
    served = relays.ready_at[0]
    while not all(c.resumed_at for c in consoles[codes[0]]):
        assert time.monotonic() - killed < 120, "consoles did not resume"
        await asyncio.sleep(0.05)
    resumed = max(c.resumed_at for c in consoles[codes[0]]) - killed
    await asyncio.sleep(AFTER_TAKEOVER_S)  # load goes on against the new writer of p1
    for load in loads.values():
        await load.finish()
    others = sorted((acked - sent) * 1000 for code in codes[1:] for sent, acked in loads[code].timed
                    if killed <= sent <= served)
    for code in codes:
        head = max(loads[code].acked.values())
        while not all((c.last or 0) >= head for c in consoles[code]):
            await asyncio.sleep(0.05)
    for console in everyone:
        await console.stop()
    checked = [check_log(urls[code], loads[code].acked) for code in codes]
    return {"takeover_s": served - killed, "resume_s": resumed, "steady": steady, "others": others,
            "lost": sum(lost for lost, _ in checked), "dup": sum(dup for _, dup in checked),
            "commands": sum(len(load.acked) for load in loads.values()), "gaps": sum(c.gaps for c in everyone),
            "cpu": cpu}


def run_partitions(args: argparse.Namespace) -> None:
    """One run with ``args.partitions`` partitions; prints a summary line and the ``RESULT`` line."""
    count = args.partitions
    cluster = PgCluster(durable=True)
    with cluster:
        db_url, urls, demos = seeded_partitions(cluster, count, args.workers // count)
        pool = [arg for code in urls for arg in ("--partition", code)]
        roles = [["--partition", code] for code in urls] + [["--standby", *pool]]
        relays = Relays(db_url, 0, roles)
        try:
            r = asyncio.run(scenario(urls, relays, demos, args))
        finally:
            relays.stop()
    steady, others = r["steady"], r["others"]
    print(f"partitions={count} workers={args.workers} consoles={args.consoles}: p50={percentile(steady, 50):.1f} ms "
          f"p99={percentile(steady, 99):.1f} ms field -> console, {r['commands']} commands acknowledged, "
          f"gaps={r['gaps']}; during the takeover the other partitions acknowledged {len(others)} commands, p50="
          f"{percentile(others, 50):.1f} ms p99={percentile(others, 99):.1f} ms (load average "
          f"{os.getloadavg()[0]:.1f}; cores busy in the steady window: bench {r['cpu'][0]:.2f}, writing relays "
          f"{', '.join(f'{c:.2f}' for c in r['cpu'][1:])})")
    print(f"RESULT partitions={count} takeover_s={r['takeover_s']:.2f} lost={r['lost']} dup={r['dup']} "
          f"p99_ms={percentile(steady, 99):.1f} other_ack_p99_ms={percentile(others, 99):.1f} "
          f"resume_s={r['resume_s']:.2f}", flush=True)
