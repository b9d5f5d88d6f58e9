"""One incident's full timeline as a report: facts, who did what, where the workers went.

:func:`build_incident_report` reads a replay of the incident (the engine's ``state_at`` and
``tracks``, so the report shows exactly what the reducer made of the log) into an
:class:`IncidentReport`; :func:`report_html` lays it out. Printing it to PDF is Qt's job:
:func:`console.ui.reports.incident_pdf.write_incident_pdf`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from console.domain import station_time
from console.domain.clock import now_ms
from console.domain.errors import DomainError
from console.domain.geo import distance_m
from console.domain.incidents import PRIORITY_LABELS, Incident, category_name, departments
from console.domain.outcomes import outcome_label
from console.domain.places import District
from console.domain.text import escape

MAP_URL = "report://map.png"  # the map image's resource name in the HTML
TRACK_COLORS = ("#1f6fd1", "#d97706", "#0f9d58", "#8e44ad", "#c0392b", "#16a085")
ACTION_LABELS = {
    "report": "上报", "accept": "受理", "dispatch": "派遣", "sign": "签收", "arrive": "到场", "feedback": "反馈",
    "close": "办结", "cancel_assignment": "撤回派遣", "return": "退回", "verify": "核查", "rework": "返工",
    "refer": "转办", "referral_sign": "部门签收", "referral_feedback": "部门反馈", "referral_return": "部门退回",
    "void": "作废", "extension_request": "申请延期", "extension_decision": "延期审批", "supervise": "督办",
    "callback": "回访", "note": "补充", "recategorize": "改类", "reprioritize": "改级", "readdress": "改址",
}


@dataclass(frozen=True, slots=True)
class WorkerTrip:
    """One assigned worker's way to the incident, from the positions between dispatch and arrival."""

    worker_id: str
    name: str
    status: str
    dispatched_at: int
    signed_at: int
    arrived_at: int
    done_at: int
    start_distance_m: float | None  # straight line from the last fix at dispatch to the incident
    travelled_m: float  # along the fixes from dispatch to arrival (or to the end when never arrived)
    fixes: int
    track: tuple[tuple[int, float, float], ...]

    @property
    def response_ms(self) -> int | None:
        """Dispatch to arrival, when the worker arrived."""
        return self.arrived_at - self.dispatched_at if self.arrived_at else None


@dataclass(slots=True)
class IncidentReport:
    """Everything the printed report shows."""

    incident: Incident
    district: District
    station: str
    grid: str
    rows: list[tuple[int, str, str, str, str, str]]  # at, action, who, workstation, status, why
    trips: list[WorkerTrip]
    generated_at: int = field(default_factory=now_ms)


def build_incident_report(replay, incident_id: str, end_ms: int) -> IncidentReport:
    """Read incident ``incident_id`` as the log has it at ``end_ms`` (its replay range's end)."""
    state = replay.state_at(end_ms)
    inc = state.incidents.get(incident_id)
    if inc is None:
        raise DomainError("E_NOT_FOUND", f"警情 {incident_id}")
    names = {w.id: w.name for w in state.workers.values()}

    def who(actor: str) -> str:
        name = names.get(actor) or names.get(actor.upper())
        return f"{actor}（{name}）" if name else actor

    rows = [(e.at, ACTION_LABELS.get(e.action, e.action), who(e.actor), e.workstation or "—", e.status.label,
             e.note) for e in inc.timeline]
    trips = [_trip(replay, inc, a, names.get(a.worker_id, a.worker_id), end_ms) for a in inc.assignments.values()]
    grid = next((g for g in state.district.grids if g.code == inc.grid_code), None)
    address = state.address_index.get(inc.address_code)
    station_code = address.station_code if address is not None else ""
    station = next((s.name for s in state.district.stations if s.code == station_code),
                   state.district.stations[0].name if state.district.stations else "")
    return IncidentReport(inc, state.district, station, f"{grid.name} {grid.code}" if grid else inc.grid_code,
                          rows, trips)


def _trip(replay, inc: Incident, a, name: str, end_ms: int) -> WorkerTrip:
    until = a.arrived_at or a.done_at or end_ms
    before = replay.tracks(max(0, a.dispatched_at - 10 * 60_000), a.dispatched_at).get(a.worker_id, [])
    way = [tuple(p) for p in replay.tracks(a.dispatched_at, until).get(a.worker_id, [])]
    start = before[-1] if before else (way[0] if way else None)
    start_distance = distance_m((start[1], start[2]), (inc.lng, inc.lat)) if start else None
    points = ([tuple(start)] if start and (not way or way[0] != tuple(start)) else []) + way
    travelled = sum(distance_m((p[1], p[2]), (q[1], q[2])) for p, q in itertools.pairwise(points))
    return WorkerTrip(a.worker_id, name, a.status.label, a.dispatched_at, a.signed_at, a.arrived_at, a.done_at,
                      start_distance, travelled, len(way), tuple(points))


# --- layout ------------------------------------------------------------------------------------

def datetime_text(ms: int) -> str:
    return station_time.fmt(ms) if ms else "—"


def _clock(ms: int) -> str:
    return station_time.fmt(ms, "%H:%M:%S") if ms else "—"


def _duration(ms: int | None) -> str:
    if ms is None:
        return "—"
    minutes, seconds = divmod(max(0, ms) // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分 {seconds} 秒"


def _metres(m: float | None) -> str:
    if m is None:
        return "—"
    return f"{m:.0f} 米" if m < 1000 else f"{m / 1000:.2f} 公里"


def _esc(value) -> str:
    """A value as text in the report's HTML (names, addresses, notes are typed by people): escaped, "—" when empty."""
    return escape(value) if value not in (None, "") else "—"


def report_title(report: IncidentReport) -> str:
    return f"警情时间线报告 {report.incident.id}"


def report_html(report: IncidentReport, *, map_width: int = 0) -> str:
    """The report body as simple HTML for ``QTextDocument`` (facts, timeline, workers, map)."""
    inc = report.incident
    end = inc.closed_at or (report.rows[-1][0] if report.rows else 0)
    referral = ""
    if inc.referral is not None:
        dept = departments().get(inc.referral.department, inc.referral.department)
        referral = f"{dept} 工单 {inc.referral.order_id}（{inc.referral.status.label}）"
    satisfaction = "、".join(str(c.satisfaction) for c in inc.callbacks)
    facts = [
        ("警情编号", inc.id), ("当前状态", inc.status.label),
        ("类别", f"{category_name(inc.category)}（{inc.category}）"),
        ("优先级", PRIORITY_LABELS.get(inc.priority, inc.priority)),
        ("来源", inc.source.label), ("网格", report.grid),
        ("报警人", inc.caller), ("上报人", inc.reporter),
        ("上报时间", datetime_text(inc.reported_at)), ("受理时间", datetime_text(inc.accepted_at)),
        ("办结时间", datetime_text(inc.closed_at)), ("总用时", _duration(end - inc.reported_at) if end else "—"),
        ("督办", inc.supervision.label or "—"), ("转办", referral),
        ("返工次数", inc.rework_count), ("回访满意度", satisfaction),
    ]
    cells = "".join(
        f"<tr><td class='k'>{_esc(facts[i][0])}</td><td>{_esc(facts[i][1])}</td>"
        f"<td class='k'>{_esc(facts[i + 1][0])}</td><td>{_esc(facts[i + 1][1])}</td></tr>"
        for i in range(0, len(facts), 2))
    cells += f"<tr><td class='k'>地址</td><td colspan='3'>{_esc(inc.address)}</td></tr>"
    cells += f"<tr><td class='k'>案情</td><td colspan='3'>{_esc(inc.narrative)}</td></tr>"
    if inc.closed_at and inc.status.value == "closed":
        result = f"{outcome_label(inc.outcome)}：{inc.outcome_note}" if inc.outcome else outcome_label("")
        cells += f"<tr><td class='k'>处理结果</td><td colspan='3'>{_esc(result)}</td></tr>"
    timeline = "".join(
        f"<tr><td>{_esc(datetime_text(at))}</td><td>{_esc(action)}</td><td>{_esc(who)}</td><td>{_esc(ws)}</td>"
        f"<td>{_esc(status)}</td><td>{_esc(why)}</td></tr>" for at, action, who, ws, status, why in report.rows)
    trips = "".join(
        f"<tr><td>{_esc(t.name)}<br/><span class='dim'>{_esc(t.worker_id)}</span></td><td>{_esc(t.status)}</td>"
        f"<td>{_clock(t.dispatched_at)}</td><td>{_clock(t.signed_at)}</td><td>{_clock(t.arrived_at)}</td>"
        f"<td>{_duration(t.response_ms)}</td><td>{_metres(t.start_distance_m)}</td><td>{_metres(t.travelled_m)}</td>"
        f"<td>{t.fixes}</td></tr>" for t in report.trips) or "<tr><td colspan='9'>未派遣人员</td></tr>"
    map_block = (f"<h2 style='page-break-before: always'>位置示意</h2>"
                 f"<p><img src='{MAP_URL}' width='{map_width}'/></p>"
                 "<p class='dim'>红点为警情位置；彩色线为各处置人员自派遣至到场的轨迹，空心圆为派遣时位置。</p>"
                 if map_width and report.trips else "")
    return f"""<html><head><style>
body {{ color: #1b1f24; }}
h1 {{ font-size: 17pt; margin: 0 0 4px 0; }}
h2 {{ font-size: 12pt; margin: 14px 0 4px 0; color: #1f3a5a; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #b9c2cc; padding: 3px 5px; font-size: 8.5pt; vertical-align: top; }}
th {{ background: #1f3a5a; color: #ffffff; font-weight: bold; }}
td.k {{ background: #f1f4f7; color: #5f6b78; white-space: nowrap; }}
.dim {{ color: #5f6b78; font-size: 8pt; }}
</style></head><body>
<h1>{_esc(report_title(report))}</h1>
<p class='dim'>{_esc(report.district.name)} · {_esc(report.station)} · 生成于 {datetime_text(report.generated_at)}</p>
<h2>基本情况</h2><table width='100%' cellspacing='0'>{cells}</table>
<h2>处置时间线（{len(report.rows)} 条）</h2>
<table width='100%' cellspacing='0'><tr><th>时间</th><th>事件</th><th>操作人</th><th>工作站</th><th>状态</th>
<th>原因/备注</th></tr>
{timeline}</table>
<h2>处置人员与位置</h2>
<table width='100%' cellspacing='0'><tr><th>人员</th><th>状态</th><th>派遣</th><th>签收</th><th>到场</th>
<th>响应用时</th><th>派遣时距离</th><th>途经距离</th><th>定位点</th></tr>{trips}</table>
{map_block}
</body></html>"""
