"""Public e码 load beside the field: does scanning and reporting slow down workers' positions?

    python -m bench.ecode [--workers 2000] [--scans 200] [--reports 20] [--seconds 10]

One relay (SQLite) with its public listener. A field gateway reports positions for every worker
(each every 5 s) and times each ack. For ``--seconds`` in all the public sends ``--scans`` page loads/s
and ``--reports`` reports/s from another process (keep-alive HTTP, one client address, so the bench
raises the per-address and per-plate limits), in ``--blocks`` windows between positions-alone windows of
the same length (quiet, loaded, quiet, … quiet). Prints

    RESULT page_p99_ms=… report_p99_ms=… positions_p99_ratio=…

where the ratio is the positions' ack p99 under public load ÷ without it (the quiet windows), same run.
Alternating short windows puts what else the machine runs meanwhile into both sides of the ratio
alike; ``--blocks 1`` is the older layout (quiet, loaded, quiet, each ``--seconds`` long).

On a machine with two or more cores the relay gets its own core(s) and the bench's clients (the field
gateway and the public load) the others, as on a station where phones and the public are other machines:
the ratio then measures what the public costs the relay, not the load generator's share of the CPU. For
the same reason the public load runs at a lower CPU priority than the gateway that times the acks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import tempfile
import time

from websockets.asyncio.client import connect

from bench.common import cpu_s, percentile, seeded_sqlite, start_child, stop_child
from console.ecode.signing import PlateSigner
from console.services.demo_seed import GATEWAY_ACCOUNT
from console.store.store import Store

SECRET = "bench-secret-for-the-e-code-plates"
POSITION_INTERVAL_S = 5.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the field: positions through the gateway, each ack timed ------------------------------------

class Gateway:
    def __init__(self, url: str, workers: list[tuple[str, float, float]]) -> None:
        self.url, self.workers = url, workers
        self.sent: dict[str, float] = {}
        self.latencies: list[tuple[float, float]] = []  # (sent at, ack latency s)
        self.errors = 0

    async def run(self, stop: asyncio.Event) -> None:
        async with connect(self.url, compression=None, max_size=None) as ws:
            user, password = GATEWAY_ACCOUNT
            await ws.send(json.dumps({"v": 1, "t": "auth", "id": "a", "user": user, "password": password}))
            assert json.loads(await ws.recv())["t"] == "auth.ok"
            reader = asyncio.create_task(self._acks(ws))
            rate = len(self.workers) / POSITION_INTERVAL_S
            started, i = time.perf_counter(), 0
            while not stop.is_set():
                due = started + i / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                worker, lng, lat = self.workers[i % len(self.workers)]
                frame_id = f"p{i}"
                self.sent[frame_id] = time.time()
                await ws.send(json.dumps({"v": 1, "t": "cmd", "id": frame_id, "op": "position.report", "args": {
                    "worker": worker, "lng": lng + (i % 7) * 1e-5, "lat": lat, "at": int(time.time() * 1000)}}))
                i += 1
            reader.cancel()

    async def _acks(self, ws) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            sent = self.sent.pop(frame.get("id"), None)
            if sent is None:
                continue
            if frame["t"] == "ack":
                self.latencies.append((sent, time.time() - sent))
            else:
                self.errors += 1


# -- the public: page loads and reports over keep-alive HTTP, in another process --------------------

async def _exchange(reader, writer, request: bytes) -> int:
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    await reader.readexactly(length)
    return status


async def _client(port: int, requests: list[bytes], rate: float, windows: list[tuple[float, float]], out: list,
                  kind: str) -> None:
    """``rate`` requests/s within each (start, end) wall-clock window; the connection stays open between them."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    for start, end in windows:
        await asyncio.sleep(max(0.0, start - time.time()))
        n = 0
        while start + n / rate < end:
            delay = start + n / rate - time.time()
            if delay > 0:
                await asyncio.sleep(delay)
            t0 = time.perf_counter()
            status = await _exchange(reader, writer, requests[i % len(requests)])
            out.append((kind, status, time.perf_counter() - t0))
            i, n = i + 1, n + 1
    writer.close()


def _request(method: str, path: str, body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    return head.encode() + b"\r\n" + body


def public_load(port: int, codes: list[str], scans: float, reports: float, inbox, queue) -> None:
    """Send pages and reports in the windows ``inbox`` gives (after this process says it is ready on ``queue``);
    put ``[(kind, status, seconds)]`` on ``queue``."""
    os.nice(10)  # the gateway timing the acks shares this core: it comes first
    signer = PlateSigner(SECRET.encode())
    pages = [_request("GET", f"/e/{c}?s={signer.sign(c)}") for c in codes]
    posts = [_request("POST", "/e/api/report", json.dumps({
        "code": c, "s": signer.sign(c), "text": f"楼道照明损坏，第{n}次反映", "category": "990000",
        "client": f"{n:032x}"}, ensure_ascii=False).encode()) for n, c in enumerate(codes)]

    queue.put("ready")
    windows = inbox.get()

    async def main() -> list:
        out: list = []
        page_clients, report_clients = 8, 2
        await asyncio.gather(  # --scans 0 or --reports 0: that kind is not sent
            *(_client(port, pages[k::page_clients], scans / page_clients, windows, out, "page")
              for k in range(page_clients) if scans),
            *(_client(port, posts[k::report_clients], reports / report_clients, windows, out, "report")
              for k in range(report_clients) if reports))
        return out

    queue.put(asyncio.run(main()))


# -- the run ----------------------------------------------------------------------------------

async def run(args: argparse.Namespace) -> dict:
    db_url = seeded_sqlite(args.workers)
    store = Store(db_url)
    district = store.load_reference().district
    store.dispose()
    workers = (await asyncio.to_thread(_roster, db_url))[: args.workers]
    codes = [a.code for a in district.addresses]
    public_port = _free_port()
    os.environ.update({
        "JINGWANG_DATA_DIR": tempfile.mkdtemp(prefix="jingwang-bench-ecode-"), "JINGWANG_ECODE_SECRET": SECRET,
        "JINGWANG_LIMITS_GATEWAY_COMMANDS_PER_S": "100000", "JINGWANG_ECODE_PER_ADDRESS": "1000000",
        "JINGWANG_ECODE_PER_PLATE": "1000000", "JINGWANG_ECODE_TOTAL_PER_MIN": "1000000",
    })
    relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0",
                              "--public-port", str(public_port)])
    separate_cores(relay.pid)
    try:
        assert relay.stdout.readline().startswith("PUBLIC ")
        gateway = Gateway(url, workers)
        stop = asyncio.Event()
        field = asyncio.create_task(gateway.run(stop))
        spawn = multiprocessing.get_context("spawn")
        inbox, queue = spawn.Queue(), spawn.Queue()
        proc = spawn.Process(target=public_load, args=(public_port, codes, args.scans, args.reports, inbox, queue))
        proc.start()  # during the warm-up: starting Python is not part of any window
        await asyncio.sleep(args.warmup)
        assert await asyncio.to_thread(queue.get) == "ready"
        block = args.seconds / args.blocks
        t0 = time.time() + 0.5
        loaded = [(t0 + (2 * k + 1) * block, t0 + (2 * k + 2) * block) for k in range(args.blocks)]
        quiet = [(t0 + 2 * k * block, t0 + (2 * k + 1) * block) for k in range(args.blocks + 1)]
        inbox.put(loaded)
        cpu = asyncio.create_task(_cpu_at(relay.pid, sorted({t for window in quiet + loaded for t in window})))
        public = await asyncio.to_thread(queue.get, timeout=quiet[-1][1] - time.time() + 30)  # not if it died
        await asyncio.to_thread(proc.join)
        await asyncio.sleep(max(0.0, quiet[-1][1] - time.time()))
        stop.set()
        await asyncio.wait_for(field, 10)
        used = await cpu
    finally:
        stop_child(relay)
    quiet_lat = _within(gateway.latencies, quiet)
    loaded_lat = _within(gateway.latencies, loaded)
    page = sorted(t for kind, status, t in public if kind == "page" and status == 200)
    report = sorted(t for kind, status, t in public if kind == "report" and status == 201)
    bad = [(kind, status) for kind, status, _ in public if status not in (200, 201)]
    quiet_cpu, loaded_cpu = _cpu_share(used, quiet), _cpu_share(used, loaded)
    return {
        "quiet_cpu": quiet_cpu, "loaded_cpu": loaded_cpu,
        "cpu_per_request_us": 1e6 * (loaded_cpu - quiet_cpu) * args.seconds / max(1, len(public)),
        "positions": len(gateway.latencies), "position_errors": gateway.errors,
        "quiet_p99_ms": 1000 * percentile(quiet_lat, 99), "loaded_p99_ms": 1000 * percentile(loaded_lat, 99),
        "quiet_p50_ms": 1000 * percentile(quiet_lat, 50), "loaded_p50_ms": 1000 * percentile(loaded_lat, 50),
        "quiet_p90_ms": 1000 * percentile(quiet_lat, 90), "loaded_p90_ms": 1000 * percentile(loaded_lat, 90),
        "pages": len(page), "reports": len(report), "public_refused": len(bad),
        "page_p99_ms": 1000 * percentile(page, 99), "report_p99_ms": 1000 * percentile(report, 99),
        "page_rate": len(page) / args.seconds, "report_rate": len(report) / args.seconds,
        "quiet_positions": len(quiet_lat), "loaded_positions": len(loaded_lat),
    }


def _within(latencies: list[tuple[float, float]], windows: list[tuple[float, float]]) -> list[float]:
    """The latencies (sorted) of the positions sent within one of ``windows``."""
    return sorted(lat for at, lat in latencies if any(start <= at < end for start, end in windows))


async def _cpu_at(pid: int, times: list[float]) -> dict[float, float]:
    """The relay's CPU seconds so far at each of ``times`` (wall clock)."""
    used = {}
    for t in times:
        await asyncio.sleep(max(0.0, t - time.time()))
        used[t] = cpu_s(pid)
    return used


def _cpu_share(used: dict[float, float], windows: list[tuple[float, float]]) -> float:
    """The share of a core the relay used within ``windows``."""
    return sum(used[end] - used[start] for start, end in windows) / sum(end - start for start, end in windows)


def separate_cores(relay_pid: int) -> None:
    """Every thread of the relay on the first half of the cores, this process (and the public load it
    spawns) on the rest; nothing on a single core."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return
    half = len(cores) // 2
    for task in os.listdir(f"/proc/{relay_pid}/task"):
        os.sched_setaffinity(int(task), cores[:half])
    os.sched_setaffinity(0, cores[half:])


def _roster(db_url: str) -> list[tuple[str, float, float]]:
    """(worker, lng, lat) at the centre of each grid worker's grid."""
    store = Store(db_url)
    state = store.load_state()
    store.dispose()
    centre = {g.code: (sum(p[0] for p in g.polygon) / len(g.polygon), sum(p[1] for p in g.polygon) / len(g.polygon))
              for g in state.district.grids}
    return [(w.id, *centre[w.grid_code]) for w in state.workers.values() if w.grid_code in centre]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", type=int, default=2000)
    p.add_argument("--scans", type=float, default=200.0, help="public page loads per second")
    p.add_argument("--reports", type=float, default=20.0, help="public reports per second")
    p.add_argument("--seconds", type=float, default=12.0, help="seconds of public load in all")
    p.add_argument("--blocks", type=int, default=4, help="windows the public load is split into")
    p.add_argument("--warmup", type=float, default=4.0)
    args = p.parse_args()
    r = asyncio.run(run(args))
    print(f"positions {r['positions']} acked ({r['position_errors']} refused); "
          f"ack p99 quiet {r['quiet_p99_ms']:.1f} ms ({r['quiet_positions']}), "
          f"with public load {r['loaded_p99_ms']:.1f} ms ({r['loaded_positions']}); p50/p90 quiet "
          f"{r['quiet_p50_ms']:.1f}/{r['quiet_p90_ms']:.1f} ms, "
          f"loaded {r['loaded_p50_ms']:.1f}/{r['loaded_p90_ms']:.1f} ms")
    print(f"public: {r['pages']} pages ({r['page_rate']:.0f}/s), {r['reports']} reports ({r['report_rate']:.1f}/s), "
          f"{r['public_refused']} refused; relay CPU {100 * r['quiet_cpu']:.0f}% of a core quiet, "
          f"{100 * r['loaded_cpu']:.0f}% loaded: {r['cpu_per_request_us']:.0f} µs per public request")
    print(f"RESULT page_p99_ms={r['page_p99_ms']:.1f} report_p99_ms={r['report_p99_ms']:.1f} "
          f"positions_p99_ratio={r['loaded_p99_ms'] / r['quiet_p99_ms']:.2f}")


if __name__ == "__main__":
    main()
