"""Map render: one update+render frame of the full map vs a bare pyqtgraph scatter, and GUI stalls.

    QT_QPA_PLATFORM=offscreen python -m bench.map_render [--workers 10000] [--incidents 1000] [--frames 30]

The map: 10,000 workers moving every frame, 1,000 incidents, 500 grids (25 × 20) with their labels
and 警格, basemap on (the tile layer with in-memory tiles, or a stand-in image of solid tiles
when the tile layer cannot be imported). A frame = the map takes a batch of 10,000 position
events (the session's ``changed``), redraws its layers and renders the scene to a 1600×1000 QImage
with ``grab()``. The baseline, measured in the same run: ``setData`` of 10,000 new
positions on one bare ``ScatterPlotItem`` and the same render. The reducer (``apply``) is the
session's cost and is not in the frame.

Stalls: a 10 ms QTimer on the GUI thread records its ticks while positions flood in through the
session (reducer included), the map repaints on its own timer and the view pans every 0.5 s
(re-decluttering labels and loading tiles); the longest gap between ticks is printed. Like the
real ConsoleSession after a snapshot, the loaded state is ``gc.freeze()``-d first
(``--no-gc-freeze`` shows what the collector alone costs).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter

from console.domain import events as ev
from console.domain.clock import now_ms
from console.domain.places import Community, District, Grid, PoliceGrid, Station, Street
from console.domain.state import State, apply, apply_all
from console.testing.factory import EventFactory
from console.testing.sample_state import CASES, build_roster, grid_center
from console.ui.app import create_app
from console.ui.demo_session import DemoSession
from console.ui.map import DistrictMap

WIDTH, HEIGHT = 1600, 1000
COLS, ROWS, BLOCK = 25, 20, 5  # 500 grids, communities of 5 × 5 grids
LNG0, LAT0, CELL = 120.58, 31.36, 0.004  # north-west corner; cells about 380 m × 440 m
STEP_DEG = 0.00015  # one frame's walk, about 15 m
STATION = Station("320508190000", "基准派出所")


def bench_district() -> District:
    """25 × 20 square grids in 20 communities, two 警格 per community, a road every 5 cells."""
    def cell(c0: float, r0: float, c1: float, r1: float) -> tuple:
        x0, x1, y0, y1 = LNG0 + c0 * CELL, LNG0 + c1 * CELL, LAT0 - r1 * CELL, LAT0 - r0 * CELL
        return ((x0, y1), (x1, y1), (x1, y0), (x0, y0))

    district = District("基准街道", "320508019", [STATION])
    for bc in range(COLS // BLOCK):
        for br in range(ROWS // BLOCK):
            n = br * (COLS // BLOCK) + bc + 1
            community = Community(f"320508019{n:03d}", f"第{n}社区")
            district.communities.append(community)
            halves: list[list[str]] = [[], []]
            for seq, (r, c) in enumerate(((r, c) for r in range(BLOCK) for c in range(BLOCK)), 1):
                code = f"{community.code}{seq:03d}"
                col, row = bc * BLOCK + c, br * BLOCK + r
                polygon = cell(col, row, col + 1, row + 1)
                district.grids.append(Grid(code, f"第{n}社区第{seq}网格", community.code, polygon))
                halves[c >= 3].append(code)
            for k, (c0, c1) in enumerate(((0, 3), (3, BLOCK))):
                district.police_grids.append(PoliceGrid(
                    f"{STATION.code}{2 * n + k - 1:02d}", f"第{n}社区{'一二'[k]}警格", STATION.code,
                    tuple(halves[k]), cell(bc * BLOCK + c0, br * BLOCK, bc * BLOCK + c1, (br + 1) * BLOCK)))
    for r in range(0, ROWS + 1, BLOCK):
        district.streets.append(Street(f"东西{r // BLOCK + 1}路", (cell(0, r, COLS, r)[0], cell(0, r, COLS, r)[1])))
    for c in range(0, COLS + 1, BLOCK):
        district.streets.append(Street(f"南北{c // BLOCK + 1}路", (cell(c, 0, c, ROWS)[0], cell(c, 0, c, ROWS)[3])))
    return district


def build(workers: int, incidents: int, seed: int) -> tuple[DemoSession, EventFactory, np.ndarray, np.ndarray]:
    """The district, roster on duty with a first fix each, and incidents (a quarter accepted)."""
    rnd = random.Random(seed)
    district = bench_district()
    roster = build_roster(district, workers)
    state = State(district, roster)
    f = EventFactory(State(district, dict(roster)), now_ms() - 3_600_000)
    events = [f.duty(w) for w in roster]
    lng = np.empty(workers)
    lat = np.empty(workers)
    for k in range(workers):
        grid = district.grids[k % len(district.grids)]
        lng[k], lat[k] = grid_center(grid, rnd.uniform(-0.45, 0.45), rnd.uniform(-0.45, 0.45))
    for i in range(incidents):
        grid = rnd.choice(district.grids)
        cat, prio, source, text = CASES[i % len(CASES)]
        report = f.report(grid, grid_center(grid, rnd.uniform(-0.4, 0.4), rnd.uniform(-0.4, 0.4)), category=cat,
                          priority=prio, source=source, narrative=text)
        events.append(report)
        if i % 4 == 0:
            events.append(f.step(report.data["incident"], ev.INCIDENT_ACCEPTED))
    f.at = now_ms()
    events += positions(f, list(roster), lng, lat)
    for e in events:
        apply(state, e)
    return DemoSession(state), f, lng, lat


def positions(f: EventFactory, ids: list[str], lng: np.ndarray, lat: np.ndarray) -> list[ev.Event]:
    return [f.position(w, float(x), float(y), f.at) for w, x, y in zip(ids, lng, lat, strict=True)]


def walk(rng: np.random.Generator, lng: np.ndarray, lat: np.ndarray) -> None:
    lng += rng.uniform(-STEP_DEG, STEP_DEG, len(lng))
    lat += rng.uniform(-STEP_DEG, STEP_DEG, len(lat))


# --- basemap -----------------------------------------------------------------------------------
def tile_png() -> bytes:
    """One 256 px tile: a pale block pattern, PNG-encoded (decoded again for every tile)."""
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#1a2028"))
    p = QPainter(image)
    p.fillRect(16, 16, 100, 100, QColor("#202833"))
    p.fillRect(140, 30, 90, 180, QColor("#1e2630"))
    p.setPen(QColor("#2c3642"))
    p.drawLine(0, 128, 256, 128)
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def add_basemap(m: DistrictMap, app) -> str:
    """The real tile layer with in-memory tiles when importable, else solid tiles in an ImageItem."""
    try:
        from console.geo.tile_source import TileSource
        from console.ui.map.tile_layer import TileLayer
        from console.ui.map.tile_loader import TileLoader
    except ImportError:
        return stand_in_basemap(m)

    png = tile_png()

    class MemorySource(TileSource):
        def fetch(self, z: int, x: int, y: int) -> bytes | None:
            return png

        @property
        def key(self) -> str:
            return "bench"

    loader = TileLoader(MemorySource())
    layer = TileLayer(loader, m.frame)
    m.view_box.addItem(layer, ignoreBounds=True)
    m.frame_changed.connect(layer.set_frame)
    m.set_basemap(layer, loader.source.datum)
    m.zoom_to_district(0)
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and (loader.pending() or not all(loader.cached(*k) for k in layer.tiles)):
        app.processEvents()
        time.sleep(0.01)
    m._bench_loader = loader  # kept for the stall test (pans load more tiles)
    return f"tile_layer({len(layer.tiles)} tiles z{layer.zoom})"


def stand_in_basemap(m: DistrictMap) -> str:
    rect = m.district_rect()
    tiles = np.zeros((8 * 64, 8 * 64, 4), dtype=np.uint8)
    for i in range(8):
        for j in range(8):
            shade = 24 + 6 * ((i + j) % 2)
            tiles[i * 64 : (i + 1) * 64, j * 64 : (j + 1) * 64] = (shade, shade + 4, shade + 10, 255)
    image = pg.ImageItem(tiles, axisOrder="row-major")
    image.setRect(rect.adjusted(-500, -500, 500, 500))
    m.view_box.addItem(image, ignoreBounds=True)
    m.set_basemap(image)
    return "stand_in_image(64 solid tiles)"


# --- measurements ------------------------------------------------------------------------------
def render(view) -> QImage:
    """The view as the screen would show it (``grab`` runs the widget's own paint, item caches included)."""
    return view.grab().toImage()


class BareScatter:
    """The baseline: one ScatterPlotItem of the same points in a PlotWidget of the same size."""

    def __init__(self, lng: np.ndarray, lat: np.ndarray) -> None:
        self.lng, self.lat = lng.copy(), lat.copy()
        self.widget = pg.PlotWidget()
        self.widget.resize(WIDTH, HEIGHT)
        self.widget.show()
        self.item = pg.ScatterPlotItem(size=10, pen=pg.mkPen("#0b0e11"), brush=pg.mkBrush("#3ddc84"), pxMode=True)
        self.widget.addItem(self.item)
        self.widget.setRange(xRange=(lng.min(), lng.max()), yRange=(lat.min(), lat.max()), padding=0.02)

    def frame(self, rng) -> tuple[float, float]:
        walk(rng, self.lng, self.lat)
        t0, c0 = time.perf_counter(), time.thread_time()
        self.item.setData(x=self.lng, y=self.lat)
        render(self.widget)
        return time.perf_counter() - t0, time.thread_time() - c0


class MapFrames:
    """The measured map: each frame one batch of a position per worker, redraw, render."""

    def __init__(self, m: DistrictMap, session, f: EventFactory, lng: np.ndarray, lat: np.ndarray) -> None:
        self.m, self.session, self.f = m, session, f
        self.lng, self.lat = lng, lat
        self.ids = list(session.state.workers)
        self.image = QImage()

    def frame(self, rng) -> tuple[float, float]:
        walk(rng, self.lng, self.lat)
        self.f.at += 5_000
        batch = positions(self.f, self.ids, self.lng, self.lat)  # made off the clock: relay and session work
        changes = apply_all(self.session.state, batch)
        t0, c0 = time.perf_counter(), time.thread_time()
        self.session.changed.emit(changes)
        self.m.refresh_now()
        self.image = render(self.m.view)
        return time.perf_counter() - t0, time.thread_time() - c0


def measure(bare: BareScatter, full: MapFrames, frames: int) -> dict[str, float]:
    """Median ms of baseline and map frames, alternated so a neighbour's load hits both alike.

    ``*_wall`` is elapsed time; ``*_cpu`` the GUI thread's CPU time, which other processes on a
    shared machine cannot inflate.
    """
    rng = np.random.default_rng(1)
    rows = []
    for k in range(frames + 3):
        b, m = bare.frame(rng), full.frame(rng)
        if k >= 3:
            rows.append((*b, *m))
    cols = zip(*rows, strict=True)
    return {name: statistics.median(col) * 1000 for name, col in zip(("bare_wall", "bare_cpu", "map_wall", "map_cpu"),
                                                                      cols, strict=True)}


def longest_stall(app, m: DistrictMap, session, f, seconds: float, rate: int, lng, lat) -> dict[str, float]:
    """Gaps between 10 ms ticks while ``rate`` positions/s flood in through the session.

    ``gap_wall`` is elapsed time between ticks; ``gap_cpu`` the GUI thread's CPU time between
    them, i.e. the longest stretch of our own work (what another process on the machine takes
    from us shows in the first, not in the second).
    """
    ids = list(session.state.workers)
    ticks: list[tuple[float, float]] = []
    fed = [0]
    rng = np.random.default_rng(5)
    per_batch = max(1, rate // 50)
    rect = m.district_rect()

    batches = []
    for _ in range(int(seconds * 50) + 1):  # decided before the clock starts: the relay's work, not the console's
        k = rng.integers(0, len(ids), per_batch)
        lng[k] += rng.uniform(-STEP_DEG, STEP_DEG, per_batch)
        lat[k] += rng.uniform(-STEP_DEG, STEP_DEG, per_batch)
        f.at += 20
        batches.append([f.position(ids[i], float(lng[i]), float(lat[i]), f.at) for i in k.tolist()])
    pending = iter(batches)

    def feed() -> None:
        batch = next(pending, None)
        if batch is not None:
            session.feed(batch)
            fed[0] += len(batch)

    def pan() -> None:
        target = QPointF(rect.left() + rect.width() * rng.uniform(0.2, 0.8),
                         rect.top() + rect.height() * rng.uniform(0.2, 0.8))
        m.view_box.fly_to_centre(target, rect.width() * rng.uniform(0.15, 0.6))

    gc_pauses = [0.0]
    gc_start = [0.0]

    def on_gc(phase: str, _info: dict) -> None:
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            gc_pauses.append((time.perf_counter() - gc_start[0]) * 1000)

    gc.callbacks.append(on_gc)
    timers = []
    slots = ((10, lambda: ticks.append((time.perf_counter(), time.thread_time()))), (20, feed), (500, pan))
    for interval, slot in slots:
        t = QTimer()
        t.setTimerType(Qt.TimerType.PreciseTimer)
        t.setInterval(interval)
        t.timeout.connect(slot)
        t.start()
        timers.append(t)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
    for t in timers:
        t.stop()
    gc.callbacks.remove(on_gc)
    wall, cpu = (np.diff(np.array(col)) * 1000 for col in zip(*ticks, strict=True))
    return {"gap_wall": float(wall.max()), "p99_wall": float(np.percentile(wall, 99)), "gap_cpu": float(cpu.max()),
            "gc_max": max(gc_pauses), "positions": fed[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=10_000)
    parser.add_argument("--incidents", type=int, default=1_000)
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--flood-seconds", type=float, default=6.0)
    parser.add_argument("--flood-rate", type=int, default=10_000, help="positions per second during the stall test")
    parser.add_argument("--tracks", action="store_true", help="keep the 轨迹 layer on (off by default here)")
    parser.add_argument("--no-gc-freeze", dest="gc_freeze", action="store_false",
                        help="skip the gc.freeze() that ConsoleSession does after each snapshot")
    args = parser.parse_args()

    app = create_app([])
    session, f, lng, lat = build(args.workers, args.incidents, seed=7)
    settings = QSettings(str(Path(tempfile.mkdtemp(prefix="jingwang-bench-")) / "map.ini"),
                         QSettings.Format.IniFormat)  # the default layers, not the user's
    m = DistrictMap(session, settings=settings)
    m.resize(WIDTH, HEIGHT)
    m.show()
    app.processEvents()
    basemap = add_basemap(m, app)
    m.registry.set_visible("tracks", args.tracks)
    m.zoom_to_district(0)
    m.refresh_now()
    app.processEvents()
    if args.gc_freeze:  # as ConsoleSession._on_snapshot does: the state's objects leave the collector's way
        gc.collect()
        gc.freeze()

    full = MapFrames(m, session, f, lng, lat)
    t = measure(BareScatter(lng, lat), full, args.frames)
    full.image.save("/tmp/map_render_frame.png")
    ratio, ratio_cpu = t["map_wall"] / t["bare_wall"], t["map_cpu"] / t["bare_cpu"]
    shown_labels = len(m.grid_labels.item.visible_labels())
    stall = longest_stall(app, m, session, f, args.flood_seconds, args.flood_rate, lng, lat)
    load = os.getloadavg()[0]

    print(f"workers={args.workers} incidents={args.incidents} grids={len(session.state.district.grids)} "
          f"labels_shown={shown_labels} basemap={basemap} tracks={'on' if args.tracks else 'off'} "
          f"size={WIDTH}x{HEIGHT} gc_freeze={'on' if args.gc_freeze else 'off'} load_avg={load:.2f} "
          f"cpus={os.cpu_count()}")
    print(f"bare ScatterPlotItem 10k setData+render : {t['bare_wall']:6.1f} ms wall, {t['bare_cpu']:6.1f} ms GUI CPU "
          f"(median of {args.frames})")
    print(f"map update+render                       : {t['map_wall']:6.1f} ms wall, {t['map_cpu']:6.1f} ms GUI CPU")
    print(f"ratio                                   : {ratio:.2f} wall, {ratio_cpu:.2f} CPU (target <= 1.5)")
    print(f"GUI stall while {stall['positions']:,} positions flowed in: longest gap {stall['gap_wall']:.0f} ms wall "
          f"(p99 {stall['p99_wall']:.0f}), {stall['gap_cpu']:.0f} ms of our own CPU (target < 100); "
          f"longest garbage-collector pause inside it {stall['gc_max']:.0f} ms")
    print(f"RESULT map_frame_ms={t['map_wall']:.1f} bare_scatter_ms={t['bare_wall']:.1f} ratio={ratio:.3f} "
          f"ratio_cpu={ratio_cpu:.3f} longest_tick_gap_ms={stall['gap_wall']:.0f} "
          f"longest_tick_gap_cpu_ms={stall['gap_cpu']:.0f} gc_pause_ms={stall['gc_max']:.0f} "
          f"basemap={basemap.split('(')[0]} load_avg={load:.2f}")


if __name__ == "__main__":
    main()
