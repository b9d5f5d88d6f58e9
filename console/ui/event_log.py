"""Bottom dock: the live event log, newest first, capped; position fixes are only counted."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain import events as ev
from console.domain.accounts import role_label
from console.domain.audit import acting_worker, operator
from console.domain.incidents import PRIORITY_LABELS, Status, Supervision, category_name, departments
from console.domain.orders import OrderKind
from console.domain.records import RecordKind
from console.domain.scope import Scope
from console.ui import theme
from console.ui.plain import PlainLabel, plain_tip
from console.ui.table_model import FlatTableModel
from console.ui.texts import event_type_label, fmt_time, marked

MAX_ROWS = 500

_TYPE_COLORS = {
    ev.INCIDENT_REPORTED: theme.STATUS_COLORS[Status.NEW],
    ev.INCIDENT_CLOSED: theme.TEXT_DIM,
}


def summarize(state, e: ev.Event) -> str:
    """One line describing the event, using names from ``state`` where it has them."""
    d = e.data
    workers = state.workers if state is not None else {}

    def name(worker_id):
        w = workers.get(worker_id)
        return w.name if w else (worker_id or "")

    if e.type == ev.INCIDENT_REPORTED:
        prio = PRIORITY_LABELS.get(d.get("priority"), "")
        return f"{d.get('incident', '')} {category_name(d.get('category', ''))} {prio} {d.get('address', '')}"
    if e.type in (ev.DUTY_SET, ev.WORKER_SOS, ev.WORKER_SOS_CLEARED):
        return name(d.get("worker"))
    if e.type in ev.ORDER_EVENTS:
        kind = OrderKind(d["kind"]).label if "kind" in d else ""
        return _join(d.get("order"), kind, name(d.get("worker")), d.get("target_text"), d.get("note"))
    if e.type in ev.SUBMISSION_EVENTS:
        kind = RecordKind(d["kind"]).label if "kind" in d else ""
        return _join(d.get("submission") or d.get("record"), kind, name(d.get("worker")), d.get("note"))
    if e.type == ev.GEOFENCE_ALERT:
        return d.get("message", d.get("kind", ""))
    if e.type in (ev.ZONE_SET, ev.ZONE_REMOVED):
        return _join(d.get("zone"), d.get("name"))
    if e.type in ev.CALL_EVENTS:
        return _call_summary(e, name)
    if e.type in ev.ACCOUNT_EVENTS:  # whom, what it became, from where
        scope = Scope.parse(d["scope"]).describe() if isinstance(d.get("scope"), dict) else ""
        return _join(d.get("account"), role_label(d["role"]) if d.get("role") else "", scope,
                     f"来自 {d['addr']}" if d.get("addr") else "", d.get("note"))
    extra = ""
    if e.type == ev.INCIDENT_SUPERVISED:
        extra = Supervision.parse(d["level"]).label
    elif e.type == ev.INCIDENT_CALLBACK:
        extra = f"满意度 {d.get('satisfaction')}"
    elif e.type == ev.EXTENSION_REQUESTED:
        extra = f"{d.get('hours', 0):g} 小时"
    elif e.type == ev.EXTENSION_DECIDED:
        extra = "批准" if d.get("approve") else "不批准"
    elif e.type == ev.INCIDENT_REFERRED:
        extra = departments().get(d.get("department", ""), d.get("department", ""))
    return _join(d.get("incident"), name(d.get("worker")), extra, d.get("unit"), d.get("note"))


_CALL_REASONS = {"hangup": QT_TRANSLATE_NOOP("EventLog", "挂断"),
                 "cancelled": QT_TRANSLATE_NOOP("EventLog", "呼叫取消"),
                 "declined": QT_TRANSLATE_NOOP("EventLog", "拒接"),
                 "no_answer": QT_TRANSLATE_NOOP("EventLog", "无人接听"),
                 "lost": QT_TRANSLATE_NOOP("EventLog", "连接中断")}


def _call_summary(e: ev.Event, name) -> str:
    """呼叫 / 接通 / 结束 … of one call: who, with whom, why."""
    tr = QCoreApplication.translate
    d = e.data

    def party(p):
        return tr("EventLog", "指挥中心") if p == "desk" else name(p)

    reason = d.get("reason", "")
    why = tr("EventLog", _CALL_REASONS[reason]) if reason in _CALL_REASONS else reason
    if e.type == ev.CALL_RINGING:
        media = tr("EventLog", "视频") if d.get("media") == "video" else tr("EventLog", "语音")
        skipped = "、".join(f"{name(w)}({tr('EventLog', '忙') if r == 'busy' else tr('EventLog', '不在线')})"
                           for w, r in d.get("skipped", {}).items())
        callees = "、".join(party(p) for p in d.get("to", []))
        return _join(d.get("call"), media, f"{party(d.get('caller_party'))} → {callees}", d.get("group"),
                     skipped and tr("EventLog", "未呼叫：") + skipped)
    if e.type == ev.CALL_RECORDED:
        seconds = int(d.get("duration_ms", 0)) // 1000
        return _join(d.get("call"), f"{seconds // 60:02d}:{seconds % 60:02d}", d.get("file"))
    if e.type == ev.CALL_STORED:
        size = f"{int(d.get('bytes', 0)) / 1e6:.1f} MB"
        return _join(d.get("call"), d.get("part"), tr("EventLog", "已存到中继"), size,
                     "SHA-256 " + str(d.get("sha256", ""))[:12])
    return _join(d.get("call"), party(d.get("party")), why)


def operator_text(state, e: ev.Event) -> str:
    """The operator column: the acting worker and the gateway they came through, else the account."""
    worker_id = acting_worker(e.type, e.data)
    if not worker_id:
        return operator(e.actor, "", "", {}).who
    worker = state.workers.get(worker_id) if state is not None else None
    return operator(e.actor, worker_id, "", {worker_id: worker.name} if worker else {}).one_line()


def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


class EventLogModel(FlatTableModel):
    """Rows are ``(time, type label, actor, summary, type)``; newest at row 0."""

    def __init__(self, parent=None, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self.max_rows = max_rows
        self._rows: list[tuple[str, str, str, str, str]] = []
        tr = QCoreApplication.translate
        self._headers = [tr("EventLog", h) for h in marked("EventLog", "时间", "类型", "操作人", "内容")]

    def add(self, state, events: list) -> int:
        """Add the non-position events of a batch; returns how many position events were skipped."""
        new = []
        positions = 0
        for e in events:
            if e.type == ev.POSITION_REPORTED:
                positions += 1
                continue
            if e.type == ev.ECODE_SCANNED:  # 人流热力 counters, once a minute: not to watch
                continue
            new.append(
                (fmt_time(e.at), event_type_label(e.type, e.data), operator_text(state, e), summarize(state, e), e.type)
            )
        if new:
            new = new[::-1][: self.max_rows]
            self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
            self._rows[0:0] = new
            self.endInsertRows()
            if len(self._rows) > self.max_rows:
                self.beginRemoveRows(QModelIndex(), self.max_rows, len(self._rows) - 1)
                del self._rows[self.max_rows :]
                self.endRemoveRows()
        return positions

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or index.column() > 3:
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(row[index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row[4] in _TYPE_COLORS:
            return QBrush(QColor(_TYPE_COLORS[row[4]]))
        return None


class EventLogView(QWidget):
    """The log table plus a running count of position fixes received."""

    def __init__(self, session, parent: QWidget | None = None, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self.setObjectName("eventLog")
        self._session = session
        self.position_count = 0
        self.model = EventLogModel(self, max_rows)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in ((0, 70), (1, 60), (2, 110)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.positions_label = PlainLabel()
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 0)
        top.addStretch(1)
        top.addWidget(self.positions_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.table)
        session.events_applied.connect(self.add_events)
        self._update_label()

    def add_events(self, events: list) -> None:
        self.position_count += self.model.add(self._session.state, events)
        self._update_label()

    def count_positions(self, n: int) -> None:
        """Count ``n`` positions that came as columns (a replay's fixes): counted, never listed."""
        self.position_count += n
        self._update_label()

    def _update_label(self) -> None:
        self.positions_label.setText(self.tr("定位更新 {n} 条（不逐条列出）").format(n=self.position_count))
