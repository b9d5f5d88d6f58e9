"""A small made-up district and a demo history, for UI tests, the preview and demos.

The history is made by :class:`console.testing.factory.EventFactory`: every event is what the
relay's deciders give for a command a real client would send, so the UI sees exactly what a live
session would give it.
"""

from __future__ import annotations

import random

from console.domain import events as ev
from console.domain.places import Address, Community, District, Grid, PoliceGrid, Street
from console.domain.state import State, apply
from console.domain.workers import Worker, WorkerKind
from console.field.district import STATION  # the demo district's 平江派出所: one code for one station
from console.testing.factory import EventFactory, advance

LNG0, LAT0 = 120.612, 31.318  # north-west corner, 苏州姑苏区 平江一带
CELL_LNG, CELL_LAT = 0.0042, 0.0036  # about 400 m × 400 m
COMMUNITIES = (Community("320508019044", "平江路社区"), Community("320508019045", "仓街社区"))
H_STREETS = ("干将路", "十梓街", "白塔东路", "东北街")
V_STREETS = ("临顿路", "平江路", "仓街", "人民路", "齐门路")
NUMERALS = "一二三四五六七八九十"
NAMES = (
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄强",
    "周婷",
    "吴刚",
    "徐丽",
    "孙浩",
    "马超",
    "朱琳",
    "胡军",
    "郭霞",
    "何勇",
    "高峰",
    "林雪",
    "罗斌",
    "梁颖",
    "宋涛",
    "郑爽",
    "谢晨",
)
COMPOUNDS = ("绿宝花园", "平江新村", "钮家巷小区", "大儒巷公寓")


def _cell(col: int, row: int) -> tuple[tuple[float, float], ...]:
    x0, y1 = LNG0 + col * CELL_LNG, LAT0 - row * CELL_LAT
    x1, y0 = x0 + CELL_LNG, y1 - CELL_LAT
    return ((x0, y1), (x1, y1), (x1, y0), (x0, y0))


def build_district(cols: int = 2, rows: int = 2) -> District:
    """``cols × rows`` square grids; the west half belongs to the first community.

    Grids are numbered west→east then north→south within their community; one 警格 covers
    each pair of columns; streets run along the inner grid boundaries.
    """
    grids = []
    seq = {c.code: 0 for c in COMMUNITIES}
    half = max(1, cols // 2)
    for row in range(rows):
        for col in range(cols):
            community = COMMUNITIES[0 if col < half else 1]
            seq[community.code] += 1
            n = seq[community.code]
            short = community.name[:2]
            grids.append(
                Grid(
                    f"{community.code}{n:03d}",
                    f"{short}{NUMERALS[(n - 1) % 10]}网格",
                    community.code,
                    _cell(col, row),
                )
            )
    police = []
    for i, c0 in enumerate(range(0, cols, 2)):
        c1 = min(cols, c0 + 2)
        members = tuple(
            g.code for g in grids if c0 * CELL_LNG <= g.polygon[0][0] - LNG0 + 1e-9 < c1 * CELL_LNG
        )
        x0, x1 = LNG0 + c0 * CELL_LNG, LNG0 + c1 * CELL_LNG
        y1, y0 = LAT0, LAT0 - rows * CELL_LAT
        inset = 0.00012
        police.append(
            PoliceGrid(
                f"{STATION.code}{i + 1:02d}",
                f"平江第{NUMERALS[i]}警务区",
                STATION.code,
                members,
                (
                    (x0 + inset, y1 - inset),
                    (x1 - inset, y1 - inset),
                    (x1 - inset, y0 + inset),
                    (x0 + inset, y0 + inset),
                ),
            )
        )
    streets = []
    for r in range(1, rows):
        y = LAT0 - r * CELL_LAT
        streets.append(
            Street(
                H_STREETS[(r - 1) % len(H_STREETS)],
                tuple(
                    (LNG0 - 0.001 + k * (cols * CELL_LNG + 0.002) / 4, y + (0.00015 if k % 2 else 0))
                    for k in range(5)
                ),
            )
        )
    for c in range(1, cols):
        x = LNG0 + c * CELL_LNG
        streets.append(
            Street(
                V_STREETS[(c - 1) % len(V_STREETS)],
                tuple(
                    (x + (0.0001 if k % 2 else 0), LAT0 + 0.001 - k * (rows * CELL_LAT + 0.002) / 4)
                    for k in range(5)
                ),
            )
        )
    return District("平江街道", "320508019", [STATION], list(COMMUNITIES), grids, police, streets)


def build_addresses(district: District, per_grid: int = 3) -> list[Address]:
    """``per_grid`` standard addresses in each grid, on the district's roads; all but the first of a
    grid lie in a compound (小区) with a building number."""
    police_of = {g: pg.code for pg in district.police_grids for g in pg.grid_codes}
    roads = [s.name for s in district.streets] or list(V_STREETS[:1])
    out = []
    for i, grid in enumerate(district.grids):
        for n in range(1, per_grid + 1):
            road = roads[(i + n) % len(roads)]
            door = f"{2 * (i * per_grid + n) + 1}号"
            compound, building = ("", "") if n == 1 else (COMPOUNDS[i % len(COMPOUNDS)], str(n))
            lng, lat = grid_center(grid, 0.25 * (n - 2), -0.2)
            text = f"苏州市姑苏区{district.name}{road}{door}{compound}{building + '幢' if building else ''}"
            out.append(Address(f"{grid.code}{n:04d}", text, road, door, lng, lat, grid.code,
                               police_of.get(grid.code, ""), STATION.code, compound, building))
    return out


def build_roster(district: District, count: int) -> dict[str, Worker]:
    """``count`` workers assigned round-robin to the grids; every fifth is a community officer."""
    workers = {}
    for i in range(count):
        wid = f"W{i + 1:03d}"
        kind = WorkerKind.OFFICER if i % 5 == 4 else WorkerKind.GRID_WORKER
        grid = district.grids[i % len(district.grids)]
        workers[wid] = Worker(
            wid,
            NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
            kind,
            grid.code,
            f"1380000{i:04d}",
        )
    return workers


def grid_center(grid: Grid, dx: float = 0.0, dy: float = 0.0) -> tuple[float, float]:
    """A point inside ``grid``: its centre shifted by fractions ``dx``, ``dy`` (−0.5 … 0.5) of the cell."""
    xs = [p[0] for p in grid.polygon]
    ys = [p[1] for p in grid.polygon]
    return (
        (min(xs) + max(xs)) / 2 + dx * (max(xs) - min(xs)),
        (min(ys) + max(ys)) / 2 + dy * (max(ys) - min(ys)),
    )


CASES = (  # category, priority, source, narrative
    ("200200", 3, "grid", "楼上楼下因噪音发生争吵"),
    ("200100", 1, "110", "饭店门口多人斗殴，有人受伤"),
    ("500000", 4, "12345", "老人走失，家属求助"),
    ("400000", 2, "110", "电动车停放处冒烟"),
    ("200600", 2, "110", "家中男子殴打妻子"),
    ("601300", 4, "12345", "小区停水，居民反映"),
    ("100100", 2, "110", "电瓶车被盗"),
    ("200200", 3, "ecode", "群租房住户与房东纠纷"),
    ("300000", 3, "video", "路口两车剐蹭堵路"),
)


def demo_state(now_ms: int, **kwargs) -> State:
    """A busier district for the preview: workers moving, incidents in every status."""
    state, events = demo_events(now_ms, **kwargs)
    for e in events:
        apply(state, e)
    return state


def demo_events(
    now_ms: int, cols: int = 4, rows: int = 3, workers: int = 24, incidents: int = 28, seed: int = 7
) -> tuple[State, list[ev.Event]]:
    """The empty demo state and the events that fill it, in seq order."""
    rnd = random.Random(seed)
    district = build_district(cols, rows)
    roster = build_roster(district, workers)
    state = State(district, roster)
    f = EventFactory(State(district, dict(roster)), now_ms - 3_600_000)
    out: list[ev.Event] = []
    grid_of = {g.code: g for g in district.grids}
    ids = list(roster)
    for wid in ids[:-3]:
        out.append(f.duty(wid))
    for i in range(incidents):
        grid = rnd.choice(district.grids)
        cat, prio, source, text = CASES[i % len(CASES)]
        road = rnd.choice(H_STREETS + V_STREETS)
        point = grid_center(grid, rnd.uniform(-0.4, 0.4), rnd.uniform(-0.4, 0.4))
        out.append(
            f.report(
                grid,
                point,
                category=cat,
                priority=prio,
                source=source,
                address=f"{road}{rnd.randint(1, 300)}号",
                narrative=text,
                caller=f"139{rnd.randint(10_000_000, 99_999_999)}" if source == "110" else "",
            )
        )
        f.at += rnd.randint(30_000, 120_000)
    reported = [e.data["incident"] for e in out if e.type == ev.INCIDENT_REPORTED]
    free = list(ids[:-3])
    rnd.shuffle(free)
    for n, inc_id in enumerate(reported[:-8]):
        stage = (1, 2, 3, 4, 5, 7, 7, 6, 2)[n % 9]
        worker = free.pop() if stage in (2, 3, 4) and free else rnd.choice(ids[:-3])
        out.extend(advance(inc_id, f, worker, stage))
    f.at = now_ms - 5_000
    for k, wid in enumerate(ids):
        grid = grid_of[roster[wid].grid_code]
        lng, lat = grid_center(grid, rnd.uniform(-0.45, 0.45), rnd.uniform(-0.45, 0.45))
        at = now_ms - (90_000 if k % 11 == 3 else rnd.randint(500, 4_000))
        out.append(f.position(wid, lng, lat, at))
    return state, out
