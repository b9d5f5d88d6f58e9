"""The decider of ``grids.upsert``: one chunk of an administrator's grid import, checked again at the relay.

The file was checked whole where it was read (codes by the station's rules, overlaps, gaps, coverage:
console.geo_import); here every row is checked on its own and against the places it names (a grid's
community, a 警格's station and grids must exist, in the state or earlier in the chunk), so nothing
malformed reaches the log. Only rows that change something go into the event.
"""

from __future__ import annotations

import math
import re

from console.domain import events as ev
from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.grid_upsert import LAYERS, current_rows, ring_of, upserted
from console.domain.state import State
from console.domain.text import is_blank, text_problem

MAX_ROWS = 500  # rows in one command, all layers together; the frame limit (64 KiB) usually binds first
MAX_POINTS = 5000  # points in one outline
MAX_REPORTED = 20
_CODES = {"stations": re.compile(r"\d{12}"), "communities": re.compile(r"\d{12}"), "grids": re.compile(r"\d{15}"),
          "police_grids": re.compile(r"[0-9A-Za-z]{4,32}")}
_NOUNS = {"stations": "派出所", "communities": "社区", "grids": "网格", "police_grids": "警格"}
_KEYS = {"stations": {"code", "name"}, "communities": {"code", "name"},
         "grids": {"code", "name", "community", "polygon"},
         "police_grids": {"code", "name", "station", "grids", "polygon"}}


def upsert(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Refuse the whole chunk (E_FIELD, naming each wrong row) if any row is wrong; else the rows that change."""
    if sum(len(args.get(layer, [])) for layer in LAYERS) > MAX_ROWS:
        raise DomainError("E_FIELD", f"一次最多导入 {MAX_ROWS} 个图形 / at most {MAX_ROWS} rows")
    problems: list[str] = []
    rows: dict[str, list[dict]] = {}
    for layer in LAYERS:
        for i, raw in enumerate(args.get(layer, []), 1):
            why = _row_problem(layer, raw)
            if why:
                problems.append(f"{_NOUNS[layer]}第{i}条: {why}")
            else:
                rows.setdefault(layer, []).append(_normal(layer, raw))
    if not problems:
        problems = _reference_problems(state, rows)
    if problems:
        raise DomainError("E_FIELD", "网格导入有误：" + "；".join(problems[:MAX_REPORTED]),
                          problems=problems[:MAX_REPORTED])
    data: dict = {}
    for layer in LAYERS:
        known = current_rows(state.district, layer)
        changed = [r for r in rows.get(layer, []) if known.get(r["code"]) != r]
        if changed:
            data[layer] = changed
    data["received"] = sum(len(v) for v in rows.values())
    if args.get("source"):
        data["source"] = args["source"]
    return ev.GRIDS_UPSERTED, data


def _row_problem(layer: str, raw: object) -> str:
    if not isinstance(raw, dict):
        return "应为对象"
    if set(raw) != _KEYS[layer]:
        return "字段应为 " + "、".join(sorted(_KEYS[layer]))
    code = raw["code"]
    if not isinstance(code, str) or not _CODES[layer].fullmatch(code):
        return f"编码格式错误：{str(code)[:40]!r}"
    name = raw["name"]
    if not isinstance(name, str) or is_blank(name) or len(name) > 64 or text_problem(name):
        return f"{code} 名称应为 1–64 字的文本"
    if layer == "grids" and (not isinstance(raw["community"], str) or not code.startswith(raw["community"])):
        return f"网格 {code} 不属于社区 {str(raw['community'])[:20]}（网格编码前12位为社区代码）"
    if layer == "police_grids" and not (isinstance(raw["station"], str) and isinstance(raw["grids"], list)
                                        and raw["grids"] and all(isinstance(g, str) for g in raw["grids"])):
        return f"警格 {code} 须有所属派出所和所辖网格"
    if "polygon" in raw:
        return _ring_problem(code, raw["polygon"])
    return ""


def _ring_problem(code: str, ring: object) -> str:
    if not isinstance(ring, list) or not 3 <= len(ring) <= MAX_POINTS:
        return f"{code} 的边界应为 3–{MAX_POINTS} 个点"
    for point in ring:
        if not (isinstance(point, list) and len(point) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in point)):
            return f"{code} 的边界点应为 [经度, 纬度]"
        if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
            return f"{code} 的边界点超出经纬度范围：{point}"
    return ""


def _normal(layer: str, raw: dict) -> dict:
    """The row as the event stores it: names stripped, outlines rounded, a 警格's grids without repeats."""
    row = {**raw, "name": raw["name"].strip()}
    if "polygon" in row:
        row["polygon"] = ring_of(row["polygon"])
    if layer == "police_grids":
        row["grids"] = list(dict.fromkeys(row["grids"]))
    return row


def _reference_problems(state: State, rows: dict[str, list[dict]]) -> list[str]:
    """A grid's community, a 警格's station and grids must exist once the chunk is folded."""
    after = upserted(state.district, rows)
    communities = {c.code for c in after.communities}
    stations = {s.code for s in after.stations}
    grids = {g.code for g in after.grids}
    problems = [f"网格 {r['code']} 的社区 {r['community']} 不存在" for r in rows.get("grids", [])
                if r["community"] not in communities]
    for r in rows.get("police_grids", []):
        if r["station"] not in stations:
            problems.append(f"警格 {r['code']} 的派出所 {r['station']} 不存在")
        missing = [g for g in r["grids"] if g not in grids]
        if missing:
            problems.append(f"警格 {r['code']} 所辖网格 {'、'.join(missing[:5])} 不存在")
    return problems
