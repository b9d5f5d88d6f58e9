"""``IssueOrderDialog``: give a grid worker an order (派单), warning about a recent verification first.

A person check names an ID number (GB 11643, checked as it is typed); the other kinds name a standard
address (completed from the district's addresses; 调解 and 巡查 also take free text). If the person or
house was verified within the window, the dialog shows the earlier check before sending — from the
local State, or from the relay's E_RECENTLY_VERIFIED refusal — and 仍然派单 sends again with ``force``.
The dialog closes when the relay's ``order.issued`` event arrives, never on a guess.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain import events as ev
from console.domain.clock import now_ms
from console.domain.orders import OrderKind, verification_key
from console.domain.records import id_number_problem
from console.ui.orders.earlier import describe, recent_verification
from console.ui.orders.pickers import address_choices, completer, resolve, worker_choices
from console.ui.plain import PlainLabel

ERROR_COLOR = "#ff6b6b"
OK_COLOR = "#3ddc84"
FREE_TEXT_KINDS = (OrderKind.MEDIATE, OrderKind.PATROL)


class IssueOrderDialog(QDialog):
    """Emits :attr:`issued` with the new order id once the relay has committed it."""

    issued = Signal(str)

    def __init__(self, session, parent: QWidget | None = None, *, incident_id: str | None = None,
                 clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("issueOrderDialog")
        self.setWindowTitle(self.tr("派单给网格员"))
        self.setMinimumWidth(560)
        self._session = session
        self._clock = clock
        self._pending: dict | None = None  # the args sent and not yet answered
        state = session.state
        self._workers = worker_choices(state)
        self._addresses = address_choices(state)
        inc = state.incidents.get(incident_id) if incident_id else None
        self.incident_id = inc.id if inc is not None else None

        self.worker_edit = QLineEdit()
        self.worker_edit.setPlaceholderText(self.tr("姓名或编号，如 张伟 / W001"))
        self.worker_edit.setCompleter(completer(self._workers, self))
        self.worker_edit.textChanged.connect(self._validate)
        self.worker_hint = PlainLabel()
        self.kind_combo = QComboBox()
        for kind in OrderKind:
            self.kind_combo.addItem(kind.label, kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self.target_edit = QLineEdit()
        self.target_edit.textChanged.connect(self._on_target)
        self.target_hint = PlainLabel()
        self.target_hint.setWordWrap(True)
        self.due_spin = QDoubleSpinBox()
        self.due_spin.setRange(0.5, 24 * 90)
        self.due_spin.setDecimals(1)
        self.due_spin.setValue(24)
        self.due_spin.setSuffix(self.tr(" 小时"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("工作要求（可选）"))
        self.link_check = QCheckBox(self.tr("关联警情 {id}").format(id=self.incident_id or ""))
        self.link_check.setChecked(self.incident_id is not None)
        self.link_check.setVisible(self.incident_id is not None)

        form = QFormLayout()
        form.addRow(self.tr("网格员"), self.worker_edit)
        form.addRow("", self.worker_hint)
        form.addRow(self.tr("类型"), self.kind_combo)
        form.addRow(self.tr("目标"), self.target_edit)
        form.addRow("", self.target_hint)
        form.addRow(self.tr("时限"), self.due_spin)
        form.addRow(self.tr("要求"), self.note_edit)
        form.addRow("", self.link_check)

        self.earlier_box = QFrame()
        self.earlier_box.setObjectName("earlierBox")
        self.earlier_box.setStyleSheet("QFrame#earlierBox { border: 1px solid #ffb454; border-radius: 4px; }")
        self.earlier_text = PlainLabel()
        self.earlier_text.setWordWrap(True)
        self.earlier_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.force_button = QPushButton(self.tr("仍然派单"))
        self.force_button.setToolTip(self.tr("已知近期核查过，仍要求再次核查"))
        self.force_button.clicked.connect(lambda: self.send(force=True))
        box = QVBoxLayout(self.earlier_box)
        warn = PlainLabel(self.tr("⚠ 近期已核查"))
        warn.setStyleSheet("color: #ffb454; font-weight: bold;")
        box.addWidget(warn)
        box.addWidget(self.earlier_text)
        box.addWidget(self.force_button, 0, Qt.AlignmentFlag.AlignRight)
        self.earlier_box.hide()

        self.message = PlainLabel()
        self.message.setWordWrap(True)
        self.send_button = QPushButton(self.tr("派单"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.earlier_box)
        layout.addLayout(buttons)

        session.command_failed.connect(self._on_failed)
        session.changed.connect(self._on_changes)
        self._on_kind()
        if inc is not None:
            self._suggest_worker(inc.grid_code)
            self.note_edit.setText(inc.narrative[:60])

    # --- reading the form -------------------------------------------------------------
    def kind(self) -> OrderKind:
        return OrderKind(self.kind_combo.currentData())  # Qt hands the enum back as its str value

    def worker_id(self) -> str | None:
        return resolve(self.worker_edit.text(), self._workers, set(self._workers.values()))

    def target(self) -> str | None:
        """The target as sent: an ID number, an address code, or free text for 调解/巡查."""
        text = self.target_edit.text().strip()
        kind = self.kind()
        if kind is OrderKind.VERIFY_PERSON:
            text = text.upper()
            return text if text and id_number_problem(text) is None else None
        code = resolve(text, self._addresses, self._session.state.address_index)
        if code is not None:
            return code
        return text[:64] if text and kind in FREE_TEXT_KINDS else None

    def args(self, *, force: bool = False) -> dict:
        args = {"worker": self.worker_id(), "kind": self.kind().value, "target": self.target(),
                "due_hours": round(self.due_spin.value(), 1), "note": self.note_edit.text().strip()}
        if self.incident_id and self.link_check.isChecked():
            args["incident"] = self.incident_id
        if force:
            args["force"] = True
        return args

    # --- actions ----------------------------------------------------------------------
    def submit(self) -> None:
        """派单: validate, warn about a recent local verification, else send."""
        if not self._validate():
            self._say(self.tr("请先填写有效的网格员和目标"), ERROR_COLOR)
            return
        kind = self.kind()
        if kind.is_verification:
            earlier = recent_verification(self._session.state, verification_key(kind, self.target()), self._clock())
            if earlier is not None:
                self.show_earlier(earlier)
                return
        self.send()

    def send(self, *, force: bool = False) -> None:
        if not self._validate():
            return
        self._pending = self.args(force=force)
        self._session.command("order.issue", dict(self._pending))
        self.send_button.setEnabled(False)
        self.force_button.setEnabled(False)
        self._say(self.tr("已发送，等待指挥中心确认…"), "#8b96a3")

    def show_earlier(self, earlier) -> None:
        self.earlier_text.setText(describe(self._session.state, earlier, self._clock()))
        self.earlier_box.show()
        self.force_button.setEnabled(True)
        self.force_button.setFocus()
        self._say(self.tr("请确认是否仍要派单"), "#ffb454")

    # --- form feedback ----------------------------------------------------------------
    def _on_kind(self, *_args) -> None:
        kind = self.kind()
        if kind is OrderKind.VERIFY_PERSON:
            self.target_edit.setCompleter(None)
            self.target_edit.setMaxLength(18)
            self.target_edit.setPlaceholderText(self.tr("身份证号（18位）"))
        else:
            self.target_edit.setMaxLength(200)
            self.target_edit.setCompleter(completer(self._addresses, self))
            free = self.tr("，也可填写地点描述") if kind in FREE_TEXT_KINDS else ""
            self.target_edit.setPlaceholderText(self.tr("标准地址：路名、门牌或地址编码") + free)
        self.earlier_box.hide()
        self._validate()

    def _on_target(self, _text: str) -> None:
        self.earlier_box.hide()
        address = self._session.state.address_index.get(self.target() or "")
        if address is not None and not self.worker_edit.text().strip():
            self._suggest_worker(address.grid_code)
        self._validate()

    def _suggest_worker(self, grid_code: str) -> None:
        responsible = self._session.state.responsible_of(grid_code)
        text = next((t for t, wid in self._workers.items() if responsible and wid == responsible[0]), "")
        if text:
            self.worker_edit.setText(text)

    def _validate(self, *_args) -> bool:
        """Update the hints under the worker and target fields; True when both are usable."""
        state = self._session.state
        wid = self.worker_id()
        if wid is not None:
            load = state.load_of(wid)
            self._hint(self.worker_hint, self.tr("✓ {name}，在手任务 {n} 件").format(
                name=state.workers[wid].name, n=load), OK_COLOR)
        else:
            self._hint(self.worker_hint, self.tr("请选择网格员") if self.worker_edit.text().strip() else "",
                       ERROR_COLOR)
        target_ok = self._target_hint()
        return wid is not None and target_ok

    def _target_hint(self) -> bool:
        text = self.target_edit.text().strip()
        kind = self.kind()
        if not text:
            self._hint(self.target_hint, "", ERROR_COLOR)
            return False
        if kind is OrderKind.VERIFY_PERSON:
            problem = id_number_problem(text.upper())
            self._hint(self.target_hint, self.tr("✗ 身份证号{p}").format(p=problem) if problem
                       else self.tr("✓ 身份证号有效"), ERROR_COLOR if problem else OK_COLOR)
            return problem is None
        target = self.target()
        address = self._session.state.address_index.get(target or "")
        if address is not None:
            self._hint(self.target_hint, self.tr("✓ {text}").format(text=address.text), OK_COLOR)
        elif target is not None:
            self._hint(self.target_hint, self.tr("非标准地址，按地点描述派单"), "#ffb454")
        else:
            self._hint(self.target_hint, self.tr("✗ 未找到该标准地址，请从提示中选择"), ERROR_COLOR)
        return target is not None

    @staticmethod
    def _hint(label: QLabel, text: str, color: str) -> None:
        label.setText(text)
        label.setStyleSheet(f"color: {color};")

    def _say(self, text: str, color: str) -> None:
        self._hint(self.message, text, color)

    # --- answers from the relay -------------------------------------------------------
    def _on_failed(self, op: str, error: dict) -> None:
        if op != "order.issue" or self._pending is None:
            return
        self._pending = None
        self.send_button.setEnabled(True)
        if error.get("code") == "E_RECENTLY_VERIFIED" and error.get("earlier"):
            self.show_earlier(error["earlier"])
            return
        self._say(self.tr("派单失败：{reason}").format(reason=error.get("zh") or error.get("code", "")), ERROR_COLOR)

    def _on_changes(self, changes) -> None:
        sent = self._pending
        if sent is None:
            return
        for e in changes.events:
            if e.type != ev.ORDER_ISSUED:
                continue
            p = e.payload
            if p.worker == sent["worker"] and p.target == sent["target"] and p.kind == sent["kind"]:
                self._pending = None
                self.issued.emit(p.order)
                self.accept()
                return
