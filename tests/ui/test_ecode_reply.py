"""The incident detail's 群众扫码 block: reply to the reporter or mark the report 恶意, for dispatchers only."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_public import PUBLIC_ACTOR
from console.domain.incidents import Source
from console.domain.state import apply
from console.ui.incident_detail import IncidentDetail
from tests.ui.conftest import FakeSession


def _ecode_incident(scenario):
    state = scenario.with_addresses().state()
    address = state.district.addresses[0]
    event = ev.Event(state.seq + 1, state.seq + 1, ev.INCIDENT_REPORTED, PUBLIC_ACTOR.account, {
        "incident": "JQ2026010100009999", "category": "990000", "priority": 3, "source": "ecode",
        "lng": address.lng, "lat": address.lat, "grid": address.grid_code, "address": address.text,
        "address_code": address.code, "narrative": "<b>路灯</b>坏了", "caller": "", "reporter_worker": None,
        "public": {"receipt": "E0123456789ABCDEF", "police_grid": "PG1", "client": "c", "addr": "a"}})
    apply(state, event)
    return state, "JQ2026010100009999"


def test_reply_and_abuse_buttons_send_the_typed_text(qtbot, scenario):
    state, incident = _ecode_incident(scenario)
    session = FakeSession(state)
    detail = IncidentDetail(session)
    qtbot.addWidget(detail)
    box = detail.public_box
    detail.show_incident(next(i for i in state.incidents.values() if i.source is not Source.QR_CODE).id)
    assert box.isHidden()
    detail.show_incident(incident)
    assert not box.isHidden() and "E0123456789ABCDEF" in box.summary.text()
    assert not box.reply_button.isEnabled() and "填写" in box.reply_button.toolTip()
    box.text.setText("已通知社区修复")
    assert box.reply_button.isEnabled() and box.abuse_button.isEnabled()
    box.reply_button.click()
    assert session.calls[-1] == ("command", "incident.public_reply", {"incident": incident, "note": "已通知社区修复"})
    assert box.text.text() == ""
    box.text.setText("辱骂")
    box.abuse_button.click()
    assert session.calls[-1] == ("command", "incident.mark_abuse", {"incident": incident, "note": "辱骂"})


def test_roles_without_the_op_see_why(qtbot, scenario):
    state, incident = _ecode_incident(scenario)
    session = FakeSession(state, account="t01", role="trainer")
    detail = IncidentDetail(session)
    qtbot.addWidget(detail)
    detail.show_incident(incident)
    detail.public_box.text.setText("回复")
    assert not detail.public_box.reply_button.isEnabled()
    assert "无权" in detail.public_box.reply_button.toolTip()
