"""The incident timeline report: facts, who did what, the workers' trips, and a PDF that renders."""

from __future__ import annotations

import dataclasses
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from console.domain import events as ev
from console.domain.errors import DomainError
from console.domain.geo import distance_m
from console.domain.state import State, apply
from console.replay.fixes import Fixes
from console.reports.incident_report import build_incident_report, report_html
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import build_district, build_roster, grid_center
from console.ui.reports.incident_pdf import write_incident_pdf

T0 = 1_763_700_000_000


class ListReplay:
    """The replay engine's read interface over an in-memory event list (same reducer, no store)."""

    def __init__(self, district, workers, events, bookmarks=(), recordings=()) -> None:
        self.district, self.workers, self.events = district, workers, list(events)
        self._bookmarks, self._recordings = list(bookmarks), list(recordings)
        self.calls: list[str] = []

    def state_at(self, t_ms: int) -> State:
        self.calls.append("state_at")
        state = State(self.district, dict(self.workers))
        for e in self.events:
            if e.at <= t_ms:
                apply(state, e)
        return state

    def events_between(self, t0: int, t1: int, *, positions: bool = False) -> list[ev.Event]:
        return [e for e in self.events if t0 < e.at <= t1 and (positions or e.type != ev.POSITION_REPORTED)]

    def fixes_between(self, t0: int, t1: int, *, incident_only: bool = False) -> Fixes:
        return Fixes.of_events(e for e in self.events if t0 < e.at <= t1)

    def tracks(self, t0: int, t1: int) -> dict[str, list[tuple[int, float, float]]]:
        out: dict[str, list] = {}
        for e in self.events:
            if e.type == ev.POSITION_REPORTED and t0 <= e.at <= t1:
                out.setdefault(e.data["worker"], []).append((e.at, e.data["lng"], e.data["lat"]))
        return out

    def marks(self) -> list[tuple[int, str]]:
        return [(e.at, e.type) for e in self.events if e.type != ev.POSITION_REPORTED]

    def bookmarks(self) -> list[dict]:
        return list(self._bookmarks)

    def recordings(self) -> list[dict]:
        return list(self._recordings)


def walk_events(f: EventFactory, worker: str, start: tuple[float, float], end: tuple[float, float], steps: int):
    """Positions every 10 s on a straight line from ``start`` to ``end``."""
    out = []
    for k in range(steps + 1):
        f.at += 9_990
        lng = start[0] + (end[0] - start[0]) * k / steps
        lat = start[1] + (end[1] - start[1]) * k / steps
        out.append(f.position(worker, lng, lat))
    return out


def incident_story():
    """I1 reported in grid 1, W001 walks from grid 2 to it, works it; it is verified and closed.
    Returns (replay, incident id, end of the story, the walk's start and end points)."""
    district = build_district(2, 2)
    workers = build_roster(district, 4)
    f = EventFactory(State(district, dict(workers)), T0)
    target = grid_center(district.grids[0], 0.1, 0.1)
    start = grid_center(district.grids[1], -0.2, 0.2)
    events = [f.duty("W001"), f.duty("W002")]
    events += walk_events(f, "W001", start, start, 2)
    report = f.report(district.grids[0], target, category="200200", priority=2, address="平江路1号",
                      narrative="楼上漏水引发争吵", caller="13900000000")
    inc = report.data["incident"]
    events.append(report)
    events += advance(inc, f, "W001", 3)  # accept, dispatch, sign
    events += walk_events(f, "W001", start, target, 6)
    events += [f.step(inc, ev.INCIDENT_ARRIVED, "W001", "已到达现场"),
               f.step(inc, ev.INCIDENT_FEEDBACK, "W001", "已调解完毕"),
               f.step(inc, ev.INCIDENT_VERIFYING, None, "电话回访核实"),
               f.step(inc, ev.INCIDENT_CLOSED, None, "办结", outcome="mediated")]
    events.append(f.act(inc, ev.INCIDENT_CALLBACK, satisfaction=1, note="满意"))
    return ListReplay(district, workers, events), inc, f.at, start, target


@pytest.fixture(scope="module")
def app():
    return QGuiApplication.instance() or QGuiApplication([])


def test_report_lists_every_step_with_who_and_why():
    replay, inc, end, _start, _target = incident_story()
    report = build_incident_report(replay, inc, end)
    actions = [r[1] for r in report.rows]
    assert actions == ["上报", "受理", "派遣", "签收", "到场", "反馈", "核查", "办结", "回访"]
    dispatched = report.rows[2]
    assert dispatched[2] == "ddy01" and dispatched[5] == "请就近处置"
    signed = report.rows[3]
    name = replay.workers["W001"].name
    assert (signed[2], signed[3], signed[4]) == (name, "外勤终端", "已签收")  # the worker, on their own login
    assert [r[0] for r in report.rows] == sorted(r[0] for r in report.rows)


def test_gateway_steps_name_the_worker_and_the_gateway_separately():
    replay, inc, end, _start, _target = incident_story()
    for k, e in enumerate(replay.events):
        if e.type in (ev.INCIDENT_SIGNED, ev.INCIDENT_ARRIVED, ev.INCIDENT_FEEDBACK):
            # as the field simulator's gateway logs them
            replay.events[k] = dataclasses.replace(e, actor="fieldsim", data={**e.data, "ws": "vm"})
        elif e.type == ev.INCIDENT_DISPATCHED:
            replay.events[k] = dataclasses.replace(e, data={**e.data, "ws": "desk-3"})
    report = build_incident_report(replay, inc, end)
    rows = {r[1]: r for r in report.rows}
    name = replay.workers["W001"].name
    for action in ("签收", "到场", "反馈"):
        assert rows[action][2:4] == (name, "经 外勤网关 fieldsim"), action
    assert rows["派遣"][2:4] == ("ddy01", "desk-3")  # a console session keeps its workstation
    assert "vm" not in report_html(report)


def test_trip_distance_and_response_come_from_the_positions():
    replay, inc, end, start, target = incident_story()
    report = build_incident_report(replay, inc, end)
    (trip,) = report.trips
    assert trip.worker_id == "W001"
    straight = distance_m(start, target)
    assert trip.start_distance_m == pytest.approx(straight, rel=1e-6)
    assert trip.travelled_m == pytest.approx(straight, rel=1e-3)  # a straight walk
    assert trip.fixes == 7
    assert trip.response_ms == trip.arrived_at - trip.dispatched_at > 60_000


def test_unknown_incident_is_a_structured_error():
    replay, _inc, end, _s, _t = incident_story()
    with pytest.raises(DomainError) as err:
        build_incident_report(replay, "JQ-NOPE", end)
    assert err.value.code == "E_NOT_FOUND"


def test_html_escapes_what_people_typed():
    replay, inc, end, _s, _t = incident_story()
    report = build_incident_report(replay, inc, end)
    report.rows.append((end, "备注", "<script>", "—", "已办结", "a & b"))
    text = report_html(report)
    assert "<script>" not in text and "&lt;script&gt;" in text and "a &amp; b" in text


def _ink(page: QImage) -> int:
    """Pixels that are not near-white once ``page`` (transparent where nothing is drawn) lies on white paper."""
    image = QImage(page.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, page)
    painter.end()
    count = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            c = image.pixelColor(x, y)
            count += c.red() + c.green() + c.blue() < 600
    return count


def test_pdf_renders_with_page_numbers(app, tmp_path):
    replay, inc, end, _s, _t = incident_story()
    path = tmp_path / "incident.pdf"
    pages = write_incident_pdf(build_incident_report(replay, inc, end), path)
    doc = QPdfDocument(None)
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    assert doc.pageCount() == pages >= 1
    first = doc.render(0, QSize(620, 877))
    assert not first.isNull()
    assert _ink(first) > 500  # text, tables and the map, not a blank page
    text = doc.getAllText(0).text()  # digits of the CJK font's subset do not always map back to text
    assert "警情时间线报告" in text and "处置时间线" in text and "第 1 " in text and f"共 {pages} " in text
