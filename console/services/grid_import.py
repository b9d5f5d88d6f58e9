"""``jingwang import-grids --relay``: grids and 警格 into a running relay, as ``grids.upsert`` commands.

The files are checked whole against the relay's places (console.geo_import: codes, overlaps, gaps,
coverage; any error imports nothing), then only what differs from the relay's places is sent, by code:
stations and communities first, then grids, then 警格, each command at most one relay frame, one after
the other (a 警格 names grids an earlier command brought). Grids not in the files are kept: the relay
never removes a grid (addresses, workers and the history point at it). The same files twice send nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from console.domain.decide_grids import MAX_ROWS
from console.domain.grid_upsert import LAYERS, ROW_OF, current_rows
from console.domain.places import District
from console.geo_import.importer import import_files
from console.geo_import.report import ImportReport
from console.protocol.messages import MAX_MESSAGE_BYTES
from console.services.accounts_admin import AdminRefused, RelayAdmin

OP = "grids.upsert"
FRAME_BUDGET = MAX_MESSAGE_BYTES - 2048  # room for the frame around the rows
_size = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_NOUNS = {"stations": "派出所", "communities": "社区", "grids": "网格", "police_grids": "警格"}


@dataclass(slots=True)
class GridOutcome:
    """What an import through the relay did: the file check, the rows that differ, the commands sent."""

    report: ImportReport
    changed: dict[str, int] = dataclasses.field(default_factory=dict)  # layer -> rows new or changed
    commands: int = 0
    failed: str = ""

    @property
    def exit_code(self) -> int:
        """0 imported or nothing to change, 1 errors in the files or a refused command."""
        return 0 if self.report.ok and not self.failed else 1


def changed_rows(report: ImportReport, relay: District, with_police: bool) -> dict[str, list[dict]]:
    """Layer -> wire rows of the checked files that are new or differ from the relay's places."""
    layers = {"stations": report.stations, "communities": report.communities, "grids": report.grids,
              "police_grids": report.police_grids if with_police else []}
    out = {}
    for layer in LAYERS:
        known = current_rows(relay, layer)
        rows = [row for row in map(ROW_OF[layer], layers[layer]) if known.get(row["code"]) != row]
        if rows:
            out[layer] = rows
    return out


def plan_commands(rows: dict[str, list[dict]], source: str) -> list[dict]:
    """The ``grids.upsert`` arguments, in layer order, each within one frame; :class:`AdminRefused` for an
    outline too big for any frame."""
    commands: list[dict] = []
    current: dict[str, list[dict]] = {}
    size = count = 0
    for layer in LAYERS:
        for row in rows.get(layer, []):
            n = len(_size(row).encode()) + 1
            if n > FRAME_BUDGET:
                raise AdminRefused(f"{_NOUNS[layer]} {row['code']} 的边界点过多（{len(row.get('polygon', []))} 个，"
                                   f"约 {n // 1024} KB）：请简化图形后导入，或停止中继后离线导入")
            if current and (size + n > FRAME_BUDGET or count >= MAX_ROWS):
                commands.append(current)
                current, size, count = {}, 0, 0
            current.setdefault(layer, []).append(row)
            size, count = size + n, count + 1
    if current:
        commands.append(current)
    return [{**c, "source": source[-128:]} for c in commands]


async def import_grids_via_relay(url: str, user: str, password: str, grids: str | Path,
                                 police: str | Path | None = None, *, communities: str | Path | None = None,
                                 dry_run: bool = False, out: Callable[[str], None] = print) -> GridOutcome:
    """Check the files against the relay's places and send what differs; every console redraws at once.
    Raises :class:`AdminRefused` when the login fails or an outline cannot fit a frame."""
    async with RelayAdmin(url, user, password, read=True, timeout=60.0) as admin:
        state = await admin.state()
        base = dataclasses.replace(state.district, addresses=[])  # upserts keep every address's grid
        loop = asyncio.get_running_loop()
        report = await loop.run_in_executor(None, lambda: import_files(grids, police, communities=communities,
                                                                       base=base))
        out(report.format())
        result = GridOutcome(report)
        if not report.ok:
            return result
        rows = changed_rows(report, state.district, police is not None)
        result.changed = {layer: len(v) for layer, v in rows.items()}
        out("与中继现有数据相比：" + ("、".join(f"{_NOUNS[k]} {n} 个新增或变更" for k, n in result.changed.items())
                               or "没有变化"))
        if dry_run:
            out("试运行：未写入任何数据")
            return result
        if not rows:
            out("没有需要导入的变化：0 处变更")
            return result
        for args in plan_commands(rows, Path(grids).name):
            try:
                await admin.send(OP, args)
            except AdminRefused as exc:
                result.failed = f"第 {result.commands + 1} 批被中继拒绝：{exc}"
                out(f"{result.failed}；此前 {result.commands} 批已导入，改正后重新导入即可（已导入的不会重复）")
                return result
            result.commands += 1
    out(f"已通过中继导入（{result.commands} 条命令）：各指挥台的地图即时更新")
    return result
