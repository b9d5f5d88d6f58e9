"""The 预警 dock: each filter's counter equals the rows it shows; the detail's evidence selects its incident;
签收 / 反馈 / 办结 follow the role and the warning's state; key persons show for an officer only."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.workers import Role
from console.ui.demo_session import DemoSession
from console.ui.warnings_dock import COLUMNS, WarningsView
from tests.ui.conftest import NOW_MS

HOUR = 3_600_000


def _raise(state, seq: int, warning: str, rule: str, grid: str, evidence: list[str], at: int, workers: list[str]):
    return ev.Event(seq, at, ev.WARNING_RAISED, "system", {
        "warning": warning, "rule": rule, "level": "orange", "title": f"{rule} 标题", "subject": f"s:{warning}",
        "grid": grid, "lng": 120.6, "lat": 31.3, "evidence": evidence, "workers": workers, "due_at": at + HOUR,
        "address_code": "", "address": "平江路1号"})


def _session(scenario, role: str = "dispatcher", worker: str = "") -> DemoSession:
    state = scenario.state()
    g = scenario.grids
    seq = state.seq
    events = [
        _raise(state, seq + 1, "YJ1", "repeat_call", g[0].code, [scenario.ids["I1"], scenario.ids["I5"]],
               NOW_MS - 3 * HOUR, ["W001", "W005"]),  # overdue
        _raise(state, seq + 2, "YJ2", "hot_address", g[0].code, [scenario.ids["I1"]], NOW_MS - 60_000, ["W001"]),
        _raise(state, seq + 3, "YJ3", "repeat_call", g[1].code, [scenario.ids["I2"]], NOW_MS - 30_000, ["W002"]),
        ev.Event(seq + 4, NOW_MS - 20_000, ev.WARNING_CLOSED, "ddy01", {"warning": "YJ3", "workers": ["W002"],
                                                                         "note": "已化解"}),
    ]
    session = DemoSession(state, role=role, worker=worker)
    session.feed(events)
    return session


def _texts(combo) -> dict[str, str]:
    return {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}


def test_each_filter_counter_equals_the_rows_it_shows(qtbot, scenario, clock):
    view = WarningsView(_session(scenario), clock=clock)
    qtbot.addWidget(view)
    assert len(view.row_texts()) == 3 and view.count.text() == "共 3 条"
    for combo in (view.status_filter, view.rule_filter, view.grid_filter):
        for i in range(combo.count()):
            label = combo.itemText(i)
            combo.setCurrentIndex(i)
            assert label.endswith(f"({len(view.row_texts())})"), label
            assert view.count.text() == f"共 {len(view.row_texts())} 条"
        combo.setCurrentIndex(0)
    assert _texts(view.status_filter) == {"": "全部 (3)", "new": "待签收 (2)", "open": "未办结 (2)",
                                          "overdue": "超期 (1)", "supervised": "督办 (0)", "closed": "已办结 (1)"}
    view.rule_filter.setCurrentIndex(view.rule_filter.findData("repeat_call"))
    assert _texts(view.status_filter)["overdue"] == "超期 (1)" and _texts(view.status_filter)[""] == "全部 (2)"
    row = view.row_texts()[-1]
    assert row[COLUMNS.index("规则")] == "重复警情" and row[COLUMNS.index("时限")] == "已超期"


def test_evidence_click_selects_the_incident_and_a_dispatcher_may_only_close(qtbot, scenario, clock):
    session = _session(scenario)
    view = WarningsView(session, clock=clock)
    qtbot.addWidget(view)
    view.select("YJ1")
    assert "重复警情" in view.detail.text() and view.evidence.count() == 2
    with qtbot.waitSignal(view.incident_selected) as selected:
        view.evidence.itemClicked.emit(view.evidence.item(1))
    assert selected.args == [scenario.ids["I5"]]
    assert not view.sign_button.isEnabled() and "调度员无权预警签收" in view.sign_button.toolTip()
    assert view.close_button.isEnabled()
    view.close_button.click()
    assert session.calls == [] and view.message.text() == "请填写说明"
    view.note.setText("已核实，非同一事件")
    view.close_button.click()
    assert session.calls == [("command", "warning.close", {"warning": "YJ1", "note": "已核实，非同一事件"})]
    view.select("YJ3")
    assert not view.close_button.isEnabled()  # closed already
    assert not view.key_persons.isVisible()


def test_the_recipient_officer_signs_then_feeds_back(qtbot, scenario, clock):
    session = _session(scenario, role=Role.OFFICER.value, worker="W005")
    view = WarningsView(session, clock=clock)
    qtbot.addWidget(view)
    view.show()
    view.select("YJ1")
    assert view.sign_button.isEnabled() and not view.feedback_button.isEnabled()
    view.sign_button.click()
    assert session.calls[-1] == ("command", "warning.sign", {"warning": "YJ1"})
    session.feed([ev.Event(session.state.seq + 1, NOW_MS, ev.WARNING_SIGNED, "m01",
                           {"warning": "YJ1", "workers": ["W001", "W005"], "worker": "W005"})])
    view.select("YJ1")
    assert view.feedback_button.isEnabled() and not view.sign_button.isEnabled()
    view.select("YJ2")
    assert not view.sign_button.isEnabled()  # not pushed to W005
    assert view.key_persons.isVisible()


def test_an_automatic_supervision_and_a_named_key_person_show_by_clearance(qtbot, scenario, clock):
    for role, worker, sees in (("dispatcher", "", False), (Role.OFFICER.value, "W005", True)):
        session = _session(scenario, role=role, worker=worker)
        state = session.state
        seq = state.seq
        session.feed([ev.Event(seq + 1, NOW_MS, ev.WARNING_SUPERVISED, "system", {
            "warning": "YJ1", "workers": ["W001", "W005"], "level": "yellow", "auto": "due:yellow",
            "note": "超过预警时限未办结，系统自动督办"})])
        if sees:  # what a cleared connection holds: the person, and the warning naming them
            session.feed([
                ev.Event(seq + 2, NOW_MS, ev.KEY_PERSON_ADDED, "m01", {
                    "key_person": "ZD1", "name": "钱某某", "address_code": "A1",
                    "station": "S", "kind": "社区矫正"}),
                ev.Event(seq + 3, NOW_MS, ev.WARNING_RAISED, "system", {
                    "warning": "YJ9", "rule": "key_person", "level": "red",
                    "title": "报警内容提及本所重点人员（按姓名比对）", "subject": "mention:I9",
                    "grid": scenario.grids[0].code, "lng": 120.6, "lat": 31.3,
                    "evidence": [], "workers": ["W005"], "due_at": NOW_MS + HOUR, "key_persons": ["ZD1"],
                    "station": "S"})])
        view = WarningsView(session, clock=clock)
        qtbot.addWidget(view)
        row = view.row_texts()[-1]  # YJ1, the oldest
        assert row[COLUMNS.index("状态")] == "待签收 · 黄牌督办"
        assert _texts(view.status_filter)["supervised"] == "督办 (1)"
        view.select("YJ1")
        assert "督办：黄牌督办" in view.detail.text()
        assert view.supervise_button.isEnabled()
        view.note.setText("请今日内核实")
        view.supervise_button.click()
        assert session.calls[-1] == ("command", "warning.supervise",
                                     {"warning": "YJ1", "note": "请今日内核实", "level": "normal"})
        if sees:
            view.select("YJ9")
            assert "报告提及：钱某某（社区矫正）" in view.detail.text()


def test_risk_layer_draws_open_warnings_and_graded_disputes_by_level(qtbot, scenario):
    import pyqtgraph as pg

    from console.domain.changes import Changes
    from console.ui.map.model import MapModel
    from console.ui.map.projection import LocalFrame
    from console.ui.map.risk_layer import DISPUTE_SYMBOL, WARNING_SYMBOL, RiskLayer

    scenario.with_addresses()
    session = _session(scenario)
    state = session.state
    address = state.district.addresses[0]
    seq = state.seq
    session.feed([
        ev.Event(seq + 1, NOW_MS, ev.SUBMISSION_SUBMITTED, "w001", {
            "submission": "SB1", "kind": "dispute", "worker": "W001", "grid": address.grid_code, "record": "RK1",
            "key": "dispute:SB1", "fields": {"type": "其他", "parties": "甲、乙", "description": "d",
                                             "address_code": address.code}}),
        ev.Event(seq + 2, NOW_MS, ev.DISPUTE_GRADED, "system", {"record": "RK1", "grade": "red"}),
    ])
    box = pg.ViewBox()  # owns the layer's items
    layer = RiskLayer(box)
    model = MapModel()
    with qtbot.waitSignal(model.risk_changed):
        model.apply(Changes(records={"RK1"}))
    layer.set_risk(state, LocalFrame(120.6, 31.3))
    counts = layer.counts()
    assert counts[(WARNING_SYMBOL, "orange")] == 2  # YJ1, YJ2 open; YJ3 closed is not drawn
    assert counts[(DISPUTE_SYMBOL, "red")] == 1 and sum(counts.values()) == 3
