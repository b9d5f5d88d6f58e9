"""The queue's columns: headers, the text of each cell, and the colours that go with it.

Colour is never the only signal: the SLA cell says 剩/超, the 督办 badge says 普通/黄牌/红牌.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QBrush, QColor

from console.domain.incident_sla import Clock
from console.domain.incidents import (
    PRIORITY_LABELS,
    Incident,
    Status,
    Supervision,
    category_name,
    departments,
)
from console.domain.lifecycle import ASSIGNMENT_PHASE
from console.domain.sla import SlaLevel, remaining_ms
from console.ui import theme
from console.ui.i18n.domain import countdown, label_of, priority_label
from console.ui.texts import fmt_time, marked, tr


class Col(IntEnum):
    """In screen order: what a dispatcher needs first (编号 … 处置人) fits a narrow dock; the rest follow."""

    ID = 0
    CATEGORY = 1
    PRIORITY = 2
    STATUS = 3
    SLA = 4
    ADDRESS = 5
    WORKER = 6
    SUPERVISION = 7
    SOURCE = 8
    GRID = 9
    MARKS = 10
    REPORTED = 11


HEADERS = marked("Queue", "编号", "类别", "优先级", "状态", "时限", "地址", "处置人", "督办", "来源", "网格", "标记",
                 "上报时间")
CENTERED = frozenset({Col.PRIORITY, Col.STATUS, Col.SLA, Col.SUPERVISION, Col.REPORTED})

SLA_COLORS = {SlaLevel.WARNING: "#ffb454", SlaLevel.YELLOW: "#f2d024", SlaLevel.RED: "#ff4d4f"}
SUPERVISION_COLORS = {Supervision.NORMAL: "#5c8dbf", Supervision.YELLOW: "#f2d024", Supervision.RED: "#ff4d4f"}
BADGE_TEXT = {Supervision.NONE: "", Supervision.NORMAL: QT_TRANSLATE_NOOP("Queue", "普通"),
              Supervision.YELLOW: QT_TRANSLATE_NOOP("Queue", "黄牌"),
              Supervision.RED: QT_TRANSLATE_NOOP("Queue", "红牌")}
MARK_COLOR = "#ffb454"

# step an assignment must have reached to count in "处置中 1/2"
_STEP_OF_STATUS = {Status.DISPATCHED: 0, Status.SIGNED: 1, Status.ON_SCENE: 2}
_ASSIGNMENT_STEP = {"dispatched": 0, "signed": 1, "on_scene": 2, "done": 3}


def headers() -> list[str]:
    tr = QCoreApplication.translate
    return [tr("Queue", h) for h in HEADERS]


def brush(hex_color: str, alpha: int = 255) -> QBrush:
    return QBrush(theme.qcolor(hex_color, alpha))


SLA_BRUSHES = {level: brush(color) for level, color in SLA_COLORS.items()}
BADGE_BRUSHES = {level: brush(color) for level, color in SUPERVISION_COLORS.items()}
BADGE_TEXT_BRUSH = QBrush(QColor("#14181d"))
PRIORITY_BRUSHES = {p: brush(theme.priority_color(p)) for p in PRIORITY_LABELS}
STATUS_BRUSHES = {s: brush(theme.STATUS_COLORS[s]) for s in Status}
DIM_BRUSH = brush(theme.TEXT_DIM)
MARK_BRUSH = brush(MARK_COLOR)
URGENT_BACKGROUND = brush(theme.PRIORITY_COLORS[1], 38)


def status_text(inc: Incident) -> str:
    """The status label; with several live assignments also how many reached that step ("处置中 1/2")."""
    live = inc.live_assignments()
    if len(live) < 2 or inc.status not in ASSIGNMENT_PHASE:
        return label_of(inc.status)
    step = _STEP_OF_STATUS[inc.status]
    reached = sum(_ASSIGNMENT_STEP[a.status.value] >= step for a in live)
    return f"{label_of(inc.status)} {reached}/{len(live)}"


def lead_text(inc: Incident, workers: dict) -> str:
    """The lead assignee's name and "+N" for the others; a referral's department when nobody is assigned."""
    live = inc.live_assignments()
    if live:
        worker = workers.get(live[0].worker_id)
        name = worker.name if worker else live[0].worker_id
        return f"{name}+{len(live) - 1}" if len(live) > 1 else name
    if inc.referral is not None and inc.status is Status.REFERRED:
        return departments().get(inc.referral.department, inc.referral.department)
    return ""


def marks_text(inc: Incident) -> str:
    """重复 / 返工N / 延期 (a pending extension request), space separated."""
    marks = []
    if inc.repeat_of:
        marks.append(tr("重复", "Queue"))
    if inc.rework_count:
        marks.append(tr("返工{n}", "Queue").format(n=inc.rework_count))
    if inc.extension_request is not None:
        marks.append(tr("延期", "Queue"))
    return " ".join(marks)


# The administrative prefix every address of the district shares: 省, 市, 区/县 (not a 小区), 街道/镇/乡.
_ADMIN_PREFIX = re.compile(r"^(?:[^省]{1,8}省)?(?:[^市]{1,8}市)?(?:[^区县]{1,8}?(?<!小)(?:区|县))?"
                           r"(?:[^街镇乡]{1,8}?(?:街道|镇|乡))?")


def address_text(address: str) -> str:
    """The part of an address that tells incidents apart: road, number and 小区, without "苏州市姑苏区平江街道"."""
    short = _ADMIN_PREFIX.sub("", address, count=1)
    return short or address


def grid_text(code: str, grid_names: dict[str, str]) -> str:
    name = grid_names.get(code)
    return f"{code[-3:]} {name}" if name else (code or "—")


@dataclass(frozen=True, slots=True)
class Look:
    """How one row is drawn, computed once per change: text, foreground and background per column, and
    whether 编号 and 状态 are bold (新建). The 时限 column's text and colour change with the clock instead."""

    texts: tuple[str, ...]
    foreground: tuple[QBrush | None, ...]
    background: tuple[QBrush | None, ...]
    bold: bool


def look(inc: Incident, lead: str, grid_names: dict[str, str]) -> Look:
    by_col = {
        Col.ID: inc.id,
        Col.CATEGORY: category_name(inc.category) or inc.category,  # the code is in the tooltip
        Col.PRIORITY: priority_label(inc.priority),
        Col.STATUS: status_text(inc),
        Col.SLA: "",  # drawn from the clock, see sla_text
        Col.ADDRESS: address_text(inc.address),
        Col.WORKER: lead,
        Col.SUPERVISION: tr(BADGE_TEXT[inc.supervision], "Queue") if inc.supervision is not Supervision.NONE else "",
        Col.SOURCE: label_of(inc.source),
        Col.GRID: grid_text(inc.grid_code, grid_names),
        Col.MARKS: marks_text(inc),
        Col.REPORTED: fmt_time(inc.reported_at, with_date=True),
    }
    texts = tuple(by_col[col] for col in Col)
    rest = None if inc.is_open else DIM_BRUSH
    foreground = [rest] * len(Col)
    foreground[Col.PRIORITY] = PRIORITY_BRUSHES.get(inc.priority, PRIORITY_BRUSHES[4])
    foreground[Col.STATUS] = STATUS_BRUSHES[inc.status]
    foreground[Col.SUPERVISION] = BADGE_TEXT_BRUSH if inc.supervision else rest
    foreground[Col.MARKS] = MARK_BRUSH if inc.is_open else rest
    background = [URGENT_BACKGROUND if inc.is_open and inc.priority == 1 else None] * len(Col)
    background[Col.SUPERVISION] = BADGE_BRUSHES.get(inc.supervision)
    return Look(texts, tuple(foreground), tuple(background), inc.status is Status.NEW)


def sla_text(clock: Clock | None, now_ms: int) -> str:
    """Countdown to the running limit ("剩 5分07秒", "超 2时10分"); blank once closed."""
    return "" if clock is None else countdown(remaining_ms(clock.deadline, now_ms))


def sla_tooltip(clock: Clock | None, now_ms: int) -> str:
    if clock is None:
        return ""
    d = clock.deadline
    return tr("{stage}时限 · {level}\n预警 {warn}\n黄牌 {yellow}\n红牌 {red}", "Queue").format(
        stage=label_of(clock.stage), level=label_of(clock.level(now_ms)), warn=fmt_time(d.warn_at, True),
        yellow=fmt_time(d.yellow_at, True), red=fmt_time(d.red_at, True))


def assignments_tooltip(inc: Incident, workers: dict) -> str:
    lines = []
    for a in inc.assignments.values():
        worker = workers.get(a.worker_id)
        lines.append(f"{worker.name if worker else a.worker_id} {label_of(a.status)}")
    if inc.referral is not None:
        ref = inc.referral
        lines.append(tr("转办 {dept} {status}", "Queue").format(dept=departments().get(ref.department, ref.department),
                                                               status=label_of(ref.status)))
    return "\n".join(lines)
