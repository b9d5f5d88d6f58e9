"""Recording transfer: upload a call recording to a relay (its own process) and fetch it back.

Measures the upload rate as the desk paces it (20 chunks/s) and unpaced, and the fetch rate of another
account, over loopback; each copy is checked byte for byte. ``python -m bench.recording_transfer --mb 32``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from bench.common import seeded_sqlite, start_child, stop_child
from console.net.client import RelayClient
from console.services.demo_seed import DEMO_PASSWORD
from console.services.recording_fetch import fetch_recording
from console.services.recording_upload import CHUNK_INTERVAL_S, RecordingUploader, describe


async def _client(url: str, user: str) -> RelayClient:
    client = RelayClient(url, user, DEMO_PASSWORD)
    client.start()
    await client.wait_live(30)
    return client


async def _call(desk: RelayClient, worker: RelayClient, call: str) -> None:
    await desk.request("call.dial", {"call": call, "to": [worker.account["worker"]], "media": "audio"})
    await worker.request("call.accept", {"call": call})
    await desk.request("call.hangup", {"call": call})


async def _upload(desk: RelayClient, folder: Path, item: dict, interval_s: float) -> float:
    uploader = RecordingUploader(desk, folder / f"pending-{interval_s}.json", interval_s=interval_s)
    uploader.add(item)
    began = time.perf_counter()
    uploader.start()
    await uploader.idle(600)
    await uploader.close()
    if uploader.failed:
        raise RuntimeError(uploader.failed)
    return time.perf_counter() - began


async def main(mb: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="jingwang-rec-bench-"))
    os.environ["JINGWANG_RECORDING_STORE"] = str(folder / "store")
    relay, url = start_child(["console", "--log-level", "ERROR", "relay", "--db", seeded_sqlite(workers=50),
                              "--port", "0"])
    desk, worker, trainer = [await _client(url, user) for user in ("d01", "w0001", "t01")]
    try:
        size = mb << 20
        rates: dict[str, float] = {}
        for n, interval in enumerate((CHUNK_INTERVAL_S, 0.0)):
            call = f"C{n + 1:012x}"
            await _call(desk, worker, call)
            path = folder / f"{call}.mkv"
            path.write_bytes(os.urandom(size))
            item = describe(path, call, "", 60_000, int(time.time() * 1000))
            seconds = await _upload(desk, folder, item, interval)
            kind = "paced" if interval else "unpaced"
            rates[f"upload_{kind}_mib_s"] = mb / seconds
            print(f"upload {kind}: {mb} MiB in {seconds:.2f} s = {mb / seconds:.1f} MiB/s", flush=True)
            began = time.perf_counter()
            copy = await fetch_recording(trainer, call, "", folder / "cache", item["started_at"])
            seconds = time.perf_counter() - began
            assert copy.read_bytes() == path.read_bytes()
            rates[f"fetch_{kind}_mib_s"] = mb / seconds
            print(f"fetch by another account: {mb} MiB in {seconds:.2f} s = {mb / seconds:.1f} MiB/s", flush=True)
        print("RESULT " + " ".join(f"{k}={v:.1f}" for k, v in rates.items()), flush=True)
    finally:
        for client in (desk, worker, trainer):
            await client.close()
        stop_child(relay)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=32, help="size of the recording (MiB)")
    asyncio.run(main(parser.parse_args().mb))
