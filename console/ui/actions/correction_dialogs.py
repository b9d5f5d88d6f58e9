"""Dialogs of what a desk adds or corrects after intake: 补充, 改类, 改级, 改址 — each with its reason."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from console.domain.incidents import PRIORITY_LABELS, Incident, category_name
from console.domain.state import State
from console.ui.actions.dialog_base import IncidentDialog, error_label, show_error, with_error
from console.ui.actions.step_dialogs import KeyChoice
from console.ui.intake.lookups import address_entries, category_entries, category_match, road_centre, road_in_text
from console.ui.intake.search_field import SearchField
from console.ui.plain import PlainLabel
from console.ui.texts import tr

ADDRESS_MAX = 200


class NoteDialog(IncidentDialog):
    """补充: a note appended to the incident's history (a second call, a finding on scene …)."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.note", tr("补充", "Actions"), parent, reason_label="补充内容")
        self.add_reason_row()
        self.reason.setPlaceholderText(tr("必填：补充的情况", "Actions"))
        self.reason.setFocus()


class RecategorizeDialog(IncidentDialog):
    """改类: a new 110 category (code digits or Chinese, ↓ to choose) and why."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.recategorize", tr("改类", "Actions"), parent, reason_label="改类原因")
        self.form.addRow(tr("当前类别", "Actions"),
                         PlainLabel(f"{incident.category} {category_name(incident.category)}"))
        self.category = SearchField(category_entries(), category_match)
        self.category.setPlaceholderText(tr("输入类别代码（如 2001）或名称（如 斗殴）", "Actions"))
        self.category_error = error_label()
        self.form.addRow(tr("新类别 *", "Actions"), with_error(self.category, self.category_error))
        self.add_reason_row()
        self.category.setFocus()

    def check(self) -> bool:
        self.category.resolve()
        code = self.category.chosen_key()
        problem = ("" if code and code != self.incident.category else
                   tr("类别未改变", "Actions") if code else tr("请选择新类别：输入代码或名称，↓ 选择", "Actions"))
        show_error(self.category_error, problem)
        if problem:
            self.category.setFocus()
        return not problem

    def extra_args(self) -> dict:
        return {"category": self.category.chosen_key()}


class ReprioritizeDialog(IncidentDialog):
    """改级: priority 1–4 (digit keys) and why."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.reprioritize", tr("改级", "Actions"), parent, reason_label="改级原因")
        levels = list(PRIORITY_LABELS.items())
        current = next(i for i, (level, _label) in enumerate(levels) if level == incident.priority)
        self.priority = KeyChoice([(label, level) for level, label in levels], self, checked=current)
        self.priority_error = error_label()
        self.form.addRow(tr("优先级", "Actions"), with_error(self.priority, self.priority_error))
        self.add_reason_row()
        self.reason.setFocus()

    def check(self) -> bool:
        same = self.priority.value() == self.incident.priority
        show_error(self.priority_error, tr("优先级未改变：按 1–4 选择", "Actions") if same else "")
        return not same

    def extra_args(self) -> dict:
        return {"priority": int(self.priority.value())}


class ReaddressDialog(IncidentDialog):
    """改址: a standard address (↓ to choose), or free text naming a road the district knows; and why.

    The incident moves to the new place's grid (the relay works it out)."""

    def __init__(self, state: State, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.readdress", tr("改址", "Actions"), parent, reason_label="改址原因")
        self._state = state
        self.form.addRow(tr("当前地址", "Actions"), PlainLabel(incident.address))
        self.address = SearchField(address_entries(state))
        self.address.setPlaceholderText(tr("输入路名、门牌、小区或网格，↓ 选择标准地址", "Actions"))
        self.address_error = error_label()
        self.form.addRow(tr("新地址 *", "Actions"), with_error(self.address, self.address_error))
        self.add_reason_row()
        self.address.setFocus()

    def check(self) -> bool:
        self.address.resolve()
        text = self.address.text().strip()
        if self.address.chosen_key():
            problem = "" if self.address.chosen_key() != self.incident.address_code else tr("地址未改变", "Actions")
        elif not text:
            problem = tr("请填写新地址", "Actions")
        elif road_in_text(self._state.district, text) is None:
            problem = tr("未匹配标准地址，也认不出道路名：请从列表选择标准地址，或写明所在道路", "Actions")
        else:
            problem = ""
        show_error(self.address_error, problem)
        if problem:
            self.address.setFocus()
        return not problem

    def extra_args(self) -> dict:
        code = self.address.chosen_key()
        if code:
            return {"address_code": code}
        text = self.address.text().strip()[:ADDRESS_MAX]
        lng, lat = road_centre(road_in_text(self._state.district, text))
        return {"address": text, "lng": lng, "lat": lat}
