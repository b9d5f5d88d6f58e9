"""``SubmissionDetail``: one submission's fields beside the record's effective version, and the review actions.

通过入库 (Ctrl+Enter) sends ``submission.accept``; 退回 (Ctrl+R) sends ``submission.return`` and needs a
reason. The ID number is shown in full only to a role that may review (the reviewer's own view).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms
from console.domain.records import RecordVersion, Submission, SubmissionStatus
from console.ui import theme
from console.ui.photo import PhotoThumb
from console.ui.plain import PlainLabel, plain_tip
from console.ui.review.access import may, why_not
from console.ui.review.fields import account_name, changed_fields, field_label, field_names, format_value, record_title
from console.ui.review.model import STATUS_COLORS
from console.ui.review.reason import ReasonBar
from console.ui.texts import fmt_age, fmt_time

CHANGED_BACKGROUND = "#4a3a12"
CHANGED_MARK = "● "
ACCEPT_STYLE = ("QPushButton { background: #1c4a78; border-color: #4a9eff; font-weight: bold; }"
                "QPushButton:disabled { background: #1a1f26; border-color: #262d36; font-weight: normal; }")
RETURN_PRESETS = ("信息不全，请补充", "身份证号与姓名不符", "地址不准确，请核实", "重复提交", "照片/材料不清晰")


class SubmissionDetail(QWidget):
    """Shows the submission chosen with :meth:`show_submission` and reviews it through the session."""

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("submissionDetail")
        self._session = session
        self._clock = clock
        self._submission_id: str | None = None
        self._in_flight: str | None = None  # a submission whose verdict was sent and not yet answered
        self.changed: set[str] = set()

        self.title = PlainLabel(self.tr("未选择提交"))
        self.title.setObjectName("detailTitle")
        self.meta = PlainLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.compare_caption = PlainLabel()
        self.compare_caption.setObjectName("fieldName")
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.resizeSection(0, 120)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.accept_action = QAction(self.tr("通过入库"), self)
        self.accept_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.accept_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.accept_action.triggered.connect(self.request_accept)
        self.accept_button = QPushButton(self.tr("通过入库 Ctrl+Enter"))
        self.accept_button.setObjectName("acceptButton")
        self.accept_button.setStyleSheet(ACCEPT_STYLE)
        self.accept_button.clicked.connect(self.accept_action.trigger)
        self.return_bar = ReasonBar(self.tr("退回 Ctrl+R"), self.tr("退回原因（必填）"), RETURN_PRESETS)
        self.return_bar.submitted.connect(self.request_return)
        self.return_action = QAction(self.tr("退回"), self)
        self.return_action.setShortcut(QKeySequence("Ctrl+R"))
        self.return_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.return_action.triggered.connect(self.return_bar.submit)
        self.feedback = PlainLabel()
        self.feedback.setWordWrap(True)

        actions = QHBoxLayout()
        actions.addWidget(self.accept_button)
        actions.addWidget(self.return_bar, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.compare_caption)
        layout.addWidget(self.table, 1)
        self.photo = PhotoThumb()
        layout.addWidget(self.photo)
        layout.addStretch(0)
        layout.addLayout(actions)
        layout.addWidget(self.feedback)

        session.changed.connect(self._on_changes)
        session.state_reset.connect(lambda _s: self.refresh())
        session.command_failed.connect(self._on_failed)
        self.refresh()

    @property
    def actions_for_dock(self) -> list[QAction]:
        """Actions whose shortcuts should work anywhere in the dock (the dock adds them to itself)."""
        return [self.accept_action, self.return_action]

    # --- public API -------------------------------------------------------------------
    def show_submission(self, submission_id: str | None) -> None:
        if submission_id != self._submission_id:
            self.return_bar.clear()
            self.feedback.clear()
        self._submission_id = submission_id
        self.refresh()

    def submission(self) -> Submission | None:
        state = self._session.state
        if state is None or self._submission_id is None:
            return None
        return state.submissions.get(self._submission_id)

    def request_accept(self) -> None:
        sub = self.submission()
        if sub is not None and self._can_review(sub):
            self._session.command("submission.accept", {"submission": sub.id})
            self._sent(sub.id)
            self._say(self.tr("已提交入库，等待确认…"), theme.TEXT_DIM)

    def request_return(self, reason: str) -> None:
        sub = self.submission()
        if sub is not None and self._can_review(sub):
            self._session.command("submission.return", {"submission": sub.id, "note": reason})
            self._sent(sub.id)
            self._say(self.tr("已提交退回，等待确认…"), theme.TEXT_DIM)

    def refresh(self) -> None:
        sub = self.submission()
        reviewable = sub is not None and self._can_review(sub)
        self.accept_action.setEnabled(reviewable)
        self.accept_button.setEnabled(reviewable)
        self.return_bar.setEnabled(reviewable)
        forbidden = why_not(self._session, "submission.accept")
        if sub is not None and sub.status is SubmissionStatus.PENDING and forbidden:
            self.accept_button.setToolTip(forbidden)
        else:
            self.accept_button.setToolTip(self.tr("将本次提交入库为生效版本 (Ctrl+Enter)"))
        self.table.setVisible(sub is not None)
        self.photo.set_photo(sub.photo if sub is not None else "")
        if sub is None:
            self.title.setText(self.tr("未选择提交"))
            self.title.setStyleSheet("")
            self.meta.setText(self.tr("在上方列表中选择一条提交：核对字段后 Ctrl+Enter 通过入库，"
                                      "或填写原因 Ctrl+R 退回。"))
            self.compare_caption.clear()
            self.changed = set()
            return
        name = record_title(self._session.state, sub.kind, sub.fields)
        self.title.setText(" · ".join(p for p in (sub.kind.label, name, sub.status.label) if p))
        self.title.setStyleSheet(f"color: {STATUS_COLORS[sub.status]};")
        self.meta.setText(self._meta_text(sub))
        self._fill(sub)

    # --- internals --------------------------------------------------------------------
    def _can_review(self, sub: Submission) -> bool:
        return (sub.status is SubmissionStatus.PENDING and sub.id != self._in_flight
                and may(self._session, "submission.accept"))

    def _sent(self, submission_id: str) -> None:
        """Block a second verdict (a double Ctrl+Enter) until the relay answers."""
        self._in_flight = submission_id
        self.refresh()

    def _meta_text(self, sub: Submission) -> str:
        state = self._session.state
        worker = state.workers.get(sub.worker_id)
        grid = next((g.name for g in state.district.grids if g.code == sub.grid_code), sub.grid_code)
        age = fmt_age((self._clock() - sub.submitted_at) / 1000)
        parts = [
            self.tr("网格员 {name}（{id}）").format(name=worker.name if worker else sub.worker_id, id=sub.worker_id),
            grid,
            self.tr("提交于 {time}（{age}）").format(time=fmt_time(sub.submitted_at, True), age=age),
            sub.id,
        ]
        lines = [" · ".join(parts)]
        if sub.note:
            lines.append(self.tr("说明：{note}").format(note=sub.note))
        if sub.status is not SubmissionStatus.PENDING:
            verdict = self.tr("{status}：{who} {time}").format(
                status=sub.status.label, who=account_name(state, sub.reviewer), time=fmt_time(sub.reviewed_at, True))
            lines.append(verdict + (self.tr("，原因：{r}").format(r=sub.reason) if sub.reason else ""))
        return "\n".join(lines)

    def _base_version(self, sub: Submission) -> tuple[RecordVersion | None, str]:
        """The version to compare with and its caption: the effective one, else the one before this."""
        record = self._session.state.records.get(sub.record_id)
        if record is None:
            return None, ""
        current = record.current()
        if current is not None and current.submission_id != sub.id:
            return current, self.tr("现行生效版本")
        mine = next((i for i, v in enumerate(record.versions) if v.submission_id == sub.id), None)
        if mine:
            return record.versions[mine - 1], self.tr("上一版本")
        return None, ""

    def _fill(self, sub: Submission) -> None:
        state = self._session.state
        reveal = may(self._session, "submission.accept")
        base, base_caption = self._base_version(sub)
        self.changed = changed_fields(base.fields, sub.fields) if base is not None else set()
        names = field_names(sub.kind, sub.fields, base.fields if base else {})
        if base is None:
            self.compare_caption.setText(self.tr("新建档案：无生效版本，以下为本次提交内容"))
        elif self.changed:
            self.compare_caption.setText(self.tr("与{base}对比：{n} 项变更（● 标出）").format(
                base=base_caption, n=len(self.changed)))
        else:
            self.compare_caption.setText(self.tr("与{base}对比：内容无变化").format(base=base_caption))
        self.table.setColumnCount(3 if base is not None else 2)
        self.table.setHorizontalHeaderLabels(
            [self.tr("字段"), self.tr("本次提交"), *([base_caption] if base is not None else [])])
        self.table.setRowCount(len(names))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, name in enumerate(names):
            changed = name in self.changed
            cells = [(CHANGED_MARK if changed else "") + field_label(sub.kind, name),
                     format_value(state, name, sub.fields.get(name), reveal=reveal)]
            if base is not None:
                cells.append(format_value(state, name, base.fields.get(name), reveal=reveal))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tip(text))
                if changed:
                    item.setBackground(QBrush(QColor(CHANGED_BACKGROUND)))
                    if col < 2:
                        item.setFont(bold)
                if col == 0:
                    item.setForeground(QBrush(QColor("#ffd479" if changed else theme.TEXT_DIM)))
                elif col == 2:
                    item.setForeground(QBrush(QColor(theme.TEXT_DIM)))
                self.table.setItem(row, col, item)

    def _say(self, text: str, color: str) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet(f"color: {color};")

    def _on_changes(self, changes) -> None:
        sub = self.submission()
        if sub is not None and (sub.id in changes.submissions or sub.record_id in changes.records):
            self.refresh()
            sub = self.submission()
            if sub is not None and sub.status is not SubmissionStatus.PENDING:
                self._say(sub.status.label, STATUS_COLORS[sub.status])

    def _on_failed(self, op: str, error: dict) -> None:
        if op in ("submission.accept", "submission.return") and self._in_flight is not None:
            self._in_flight = None
            self.refresh()
            self._say(self.tr("操作失败：{reason}").format(reason=error.get("zh") or error.get("code", "")),
                      "#ff6b6b")
