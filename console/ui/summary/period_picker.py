"""What the 周期考核 and 研判 windows share: ``PeriodPicker``, the 周期 / 时间 / 范围 pickers — the kind of period, its
text (2026-11, 2026-W48, 2026Q4, 2026 or a range) and the scope (全辖区 or one 派出所), ``wanted`` emitted when the
user asks for another period or scope (a kind chosen, Enter in the text, a scope chosen) — and ``PeriodWindow``,
the window around it that computes in the background."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from console.domain import periods, station_time
from console.domain.clock import now_ms
from console.domain.errors import DomainError
from console.domain.periods import PeriodSpec
from console.ui.plain import PlainLabel
from console.ui.summary.loader import SummaryLoader
from console.ui.texts import tr

DISTRICT = ""  # the scope box's data for 全辖区
LABELS = {"week": "周", "month": "月", "quarter": "季度", "year": "年度", "range": "时段"}


def _t(text: str) -> str:
    return tr(text, "Summary")


def current_text(kind: str, day: dt.date) -> str:
    """The period of ``kind`` holding ``day``, as the text :func:`periods.parse` reads."""
    if kind == "range":
        return f"{day.replace(day=1)}~{day}"
    return {"week": periods.week, "month": periods.month, "quarter": periods.quarter,
            "year": lambda d: periods.year(d.year)}[kind](day).label


class PeriodPicker(QWidget):
    """``kinds`` in their order (the first is shown at start), ``district`` the label of the whole district."""

    wanted = Signal()

    def __init__(self, kinds: tuple[str, ...], district: str, clock: Callable[[], int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._district = district
        self.kind_box = QComboBox()
        for kind in kinds:
            self.kind_box.addItem(_t(LABELS[kind]), kind)
        self.period_edit = QLineEdit(current_text(kinds[0], self._today()))
        self.period_edit.setToolTip(_t("如 2026-11（月）、2026-W48（周）、2026Q4（季度）、2026（年度）、"
                                       "2026-11-03~2026-11-20（时段）"))
        self.scope_box = QComboBox()
        self.scope_box.setMinimumWidth(200)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((_t("周期"), self.kind_box), (_t("时间"), self.period_edit),
                              (_t("范围"), self.scope_box)):
            row.addWidget(PlainLabel(label))
            row.addWidget(widget)
        self.kind_box.activated.connect(lambda _i: self.show_kind(self.kind()))
        self.period_edit.returnPressed.connect(self.wanted)
        self.scope_box.activated.connect(lambda _i: self.wanted.emit())

    def _today(self) -> dt.date:
        return station_time.day_of(self._clock())

    def kind(self) -> str:
        return self.kind_box.currentData()

    def show_kind(self, kind: str) -> None:
        """Pick ``kind`` with its period holding today, and ask for it."""
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self.period_edit.setText(current_text(kind, self._today()))
        self.wanted.emit()

    def spec(self) -> PeriodSpec:
        """The period chosen; DomainError (with a Chinese reason) for text that is not one."""
        return periods.parse(self.kind(), self.period_edit.text())

    def scope_code(self) -> str:
        return self.scope_box.currentData() or DISTRICT

    def set_stations(self, stations: list, wanted: str) -> None:
        """全辖区 and each station, ``wanted`` chosen (全辖区 when it is not among them)."""
        self.scope_box.clear()
        self.scope_box.addItem(self._district, DISTRICT)
        for s in stations:
            self.scope_box.addItem(f"{s.name}（{s.code}）", s.code)
        self.scope_box.setCurrentIndex(max(self.scope_box.findData(wanted), 0))


class PeriodWindow(QWidget):
    """What the 周期考核 and 研判 windows share: the picker, 计算 F5, the status line and the background loader
    (stations first, then the period chosen). A subclass builds its own results and says how to load them
    (:meth:`_load`) and which buttons wait while it computes (:meth:`_busy`)."""

    exported = Signal(str, str)

    def __init__(self, source, kinds: tuple[str, ...], district: str, station_code: str, clock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock or now_ms
        self._wanted_scope = station_code
        self.loader = SummaryLoader(source, self)
        self.loader.stations_ready.connect(self._on_stations)
        self.loader.failed.connect(self._on_failed)
        self.loader.exported.connect(self._on_exported)
        self.picker = PeriodPicker(kinds, district, self._clock)
        self.refresh_button = QPushButton(_t("计算 F5"))
        self.status = PlainLabel(_t("计算中…"))
        self.picker.wanted.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)

    def refresh(self) -> None:
        """Compute the chosen period for the chosen scope in the background; bad text is refused here."""
        try:
            spec = self.picker.spec()
        except DomainError as exc:
            self.status.setText(_t("计算失败：{reason}").format(reason=exc.zh))
            return
        self.status.setText(_t("计算中…"))
        for button in (self.refresh_button, *self._busy()):
            button.setEnabled(False)
        self._load(spec)

    def _load(self, spec: PeriodSpec) -> None:
        raise NotImplementedError

    def _busy(self) -> tuple[QPushButton, ...]:
        """The buttons besides 计算 that wait for the result."""
        return ()

    def closeEvent(self, event) -> None:
        self.loader.close()
        super().closeEvent(event)

    def _on_stations(self, stations: list) -> None:
        self.picker.set_stations(stations, self._wanted_scope)
        self.refresh()

    def _on_failed(self, kind: str, reason: str) -> None:
        self.refresh_button.setEnabled(True)
        prefix = _t("导出失败：{reason}") if kind.startswith("export") else _t("计算失败：{reason}")
        self.status.setText(prefix.format(reason=reason))

    def _on_exported(self, kind: str, path: str, _result) -> None:
        self.status.setText(_t("已导出 {path}").format(path=path))
        self.exported.emit(kind, path)
