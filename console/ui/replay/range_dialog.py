"""``RangeDialog``: pick what to replay — one incident, a shift or a whole day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.domain import station_time
from console.ui.plain import PlainLabel
from console.ui.qt_locale import DATE_FORMAT
from console.ui.texts import tr

KINDS = ("incident", "shift", "day")


def _ctx(text: str) -> str:
    return tr(text, "Replay")


@dataclass(frozen=True, slots=True)
class RangeChoice:
    """What the trainer asked for: ``kind`` is one of :data:`KINDS`."""

    kind: str
    day: date
    shift: str = ""
    incident: str = ""


class RangeDialog(QDialog):
    """Radio buttons for the three kinds of range; ``shifts`` are ``(key, label)`` pairs."""

    def __init__(self, shifts: list[tuple[str, str]], incidents: list[str] | None = None,
                 parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_ctx("选择回放范围"))
        today = today or station_time.today()
        self.kind_group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for k, (kind, label) in enumerate(zip(KINDS, (_ctx("单个警情"), _ctx("一个班次"), _ctx("一整天")),
                                              strict=True)):
            radio = QRadioButton(label)
            self.radios[kind] = radio
            self.kind_group.addButton(radio, k)
        self.incident_edit = QLineEdit()
        self.incident_edit.setPlaceholderText(_ctx("警情编号，如 JQ2026112200000123"))
        if incidents:
            completer = QCompleter(sorted(incidents, reverse=True), self)
            completer.setFilterMode(completer.filterMode().MatchContains)
            self.incident_edit.setCompleter(completer)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.shift_combo = QComboBox()
        for key, label in shifts:
            self.shift_combo.addItem(label, key)
        self.error = PlainLabel()
        self.error.setStyleSheet("color: #ff8a65;")
        grid = QGridLayout()
        grid.addWidget(self.radios["incident"], 0, 0)
        grid.addWidget(self.incident_edit, 0, 1)
        grid.addWidget(self.radios["shift"], 1, 0)
        grid.addWidget(self.shift_combo, 1, 1)
        grid.addWidget(self.radios["day"], 2, 0)
        grid.addWidget(PlainLabel(_ctx("日期（班次与整天）")), 3, 0)
        grid.addWidget(self.date_edit, 3, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_ctx("开始回放"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_ctx("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.radios["day"].setChecked(True)
        self.incident_edit.textEdited.connect(lambda _t: self.radios["incident"].setChecked(True))
        self.shift_combo.activated.connect(lambda _i: self.radios["shift"].setChecked(True))

    def choice(self) -> RangeChoice:
        kind = KINDS[self.kind_group.checkedId()]
        d = self.date_edit.date()
        return RangeChoice(kind, date(d.year(), d.month(), d.day()), self.shift_combo.currentData() or "",
                           self.incident_edit.text().strip())

    def _accept(self) -> None:
        if self.choice().kind == "incident" and not self.choice().incident:
            self.error.setText(_ctx("请输入警情编号"))
            return
        self.accept()
