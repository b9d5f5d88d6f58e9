"""The 信息推送 dock: its form sends notice.send, its list shows 已读 n/m as recipients read, typed text stays text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from console.domain import events as ev
from console.domain.decide import Actor, decide
from console.domain.workers import Role
from console.ui.notices import COLUMNS, PHOTO_MAX_CHARS, NoticesView, shrink_photo
from tests.ui.conftest import NOW_MS

DESK = Actor("ddy01", Role.DISPATCHER)


def _commit(session, actor: Actor, op: str, **args) -> ev.Event:
    """Decide ``op`` against the session's state and feed the event, as the relay and the session would."""
    seq = session.state.seq + 1
    event_type, data = decide(session.state, actor, op, args, NOW_MS + seq, seq)
    event = ev.Event(seq, NOW_MS + seq, event_type, actor.account, data)
    session.feed([event])
    return event


def test_the_form_sends_a_notice_to_the_chosen_grid(qtbot, session, clock):
    view = NoticesView(session, clock=clock)
    qtbot.addWidget(view)
    view.audience.setCurrentIndex(view.audience.findData("grid"))
    grid = session.state.district.grids[1]
    view.target.setCurrentIndex(view.target.findData(grid.code))
    view.priority.setCurrentIndex(view.priority.findData("urgent"))
    view.send()
    assert session.calls == [] and view.status.text() == "请填写推送内容"
    view.text.setPlainText("  今晚有大风，请检查广告牌  ")
    view.send()
    assert session.calls == [("command", "notice.send", {"text": "今晚有大风，请检查广告牌", "priority": "urgent",
                                                          "audience": "grid", "code": grid.code})]
    assert view.text.toPlainText() == "" and view.send_button.isEnabled()


def test_notice_read_count_and_who_read_it_follow_the_log(qtbot, session, clock):
    view = NoticesView(session, clock=clock)
    qtbot.addWidget(view)
    community = session.state.district.communities[0]
    sent = _commit(session, DESK, "notice.send", text="<b>防汛</b> 值班", audience="community", code=community.code)
    recipients = sent.data["workers"]
    n = len(recipients)
    assert n >= 2
    (row,) = view.row_texts()
    assert row[COLUMNS.index("内容")] == "<b>防汛</b> 值班" and row[COLUMNS.index("已读")] == f"已读 0/{n}"
    assert row[COLUMNS.index("对象")] == f"社区 {community.name}"
    reader = recipients[0]
    _commit(session, Actor(reader.lower(), Role.GRID_WORKER, reader), "notice.read", notice=sent.data["notice"])
    (row,) = view.row_texts()
    assert row[COLUMNS.index("已读")] == f"已读 1/{n}"
    tip = view.tree.topLevelItem(0).toolTip(4)
    assert tip.startswith("已读：" + session.state.workers[reader].name)
    assert "&lt;b&gt;" in view.tree.topLevelItem(0).toolTip(3)  # a typed tag is escaped, never rendered


def test_an_officer_may_send_a_trainer_may_not(qtbot, scenario):
    from tests.ui.conftest import FakeSession
    for role, allowed in (("officer", True), ("trainer", False)):
        view = NoticesView(FakeSession(scenario.state(), role=role))
        qtbot.addWidget(view)
        assert view.send_button.isEnabled() is allowed


def test_a_big_photo_is_shrunk_to_the_limit(qtbot, session):
    image = QImage(3000, 2000, QImage.Format.Format_RGB32)
    for y in range(0, 2000, 50):
        for x in range(0, 3000, 50):
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 3) % 256, (x + y) % 256))
    data = shrink_photo(image)
    assert 0 < len(data) <= PHOTO_MAX_CHARS


def test_an_officer_signs_for_a_notice_sent_to_him_on_the_console(qtbot, scenario):
    from tests.ui.conftest import FakeSession
    state = scenario.state()
    pg = next(p for p in state.district.police_grids if any(state.officers_of_grid.get(g) for g in p.grid_codes))
    officer = state.officers_of_grid[pg.grid_codes[0]][0]
    session = FakeSession(state, account="m01", role="officer", worker=officer)
    view = NoticesView(session)
    qtbot.addWidget(view)
    to_him = _commit(session, DESK, "notice.send", text="本周研判", audience="police_grid", code=pg.code,
                     officers=True)
    not_to_him = _commit(session, DESK, "notice.send", text="只给网格员", audience="police_grid", code=pg.code)
    assert officer in to_him.data["workers"] and officer not in not_to_him.data["workers"]
    view.select(not_to_him.data["notice"])
    assert not view.read_button.isEnabled()
    view.select(to_him.data["notice"])
    assert view.read_button.isEnabled()
    view.read_button.click()
    assert session.calls == [("command", "notice.read", {"notice": to_him.data["notice"]})]
    _commit(session, Actor("m01", Role.OFFICER, officer), "notice.read", notice=to_him.data["notice"])
    row = next(r for r in view.row_texts() if r[COLUMNS.index("内容")] == "本周研判")
    assert row[COLUMNS.index("已读")] == f"已读 1/{len(to_him.data['workers'])}"
    assert not view.read_button.isEnabled()  # signed: nothing left to sign
