"""Models of the records browser: records matching a search, and one record's versions (待提交/生效/失效)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from console.domain.records import Record, RecordKind, RecordVersion, VersionStatus
from console.domain.state import State
from console.ui import theme
from console.ui.plain import plain_tip
from console.ui.review.fields import account_name, mask_id, record_title, summary
from console.ui.review.rows import IdRowsModel
from console.ui.table_model import FlatTableModel
from console.ui.texts import fmt_time

RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_RESULTS = 200
VERSION_COLORS = {VersionStatus.PENDING: "#ffb454", VersionStatus.EFFECTIVE: "#3ddc84",
                  VersionStatus.INVALID: "#7d8794"}
_SEARCHED = ("name", "id_number", "address_code", "credit_code", "parties")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Records", text)


def latest(record: Record) -> RecordVersion | None:
    """The effective version, else the newest one."""
    return record.current() or (record.versions[-1] if record.versions else None)


def record_status(record: Record) -> VersionStatus:
    """生效 when a version is effective, 待提交 when the only versions await review, else 失效."""
    if record.current() is not None:
        return VersionStatus.EFFECTIVE
    if record.versions and all(v.status is VersionStatus.PENDING for v in record.versions):
        return VersionStatus.PENDING
    return VersionStatus.INVALID


def matches(state: State, record: Record, needle: str) -> bool:
    """Whether ``needle`` (upper-cased) is in the record's key or a searched field of its latest version."""
    if needle in record.key.upper():
        return True
    version = latest(record)
    if version is None:
        return False
    for name in _SEARCHED:
        value = version.fields.get(name)
        if isinstance(value, str) and needle in value.upper():
            return True
    address = state.address_index.get(version.fields.get("address_code", ""))
    return address is not None and needle in address.text.upper()


class RCol(IntEnum):
    KIND = 0
    TITLE = 1
    KEY = 2
    STATUS = 3
    VERSIONS = 4
    UPDATED = 5


class RecordSearchModel(IdRowsModel):
    """Records matching :meth:`search` (newest change first, at most ``MAX_RESULTS``)."""

    def __init__(self, session=None, parent=None) -> None:
        super().__init__(parent)
        self._state: State | None = None
        self.query = ""
        self._headers = [_tr(h) for h in ("类型", "名称/地址", "标识", "状态", "版本", "更新时间")]
        if session is not None:
            self.bind_session(session)

    def reset_state(self, state) -> None:
        self._state = state
        self.reset_rows(self._wanted())

    def apply_changes(self, changes) -> None:
        touched = changes.records
        if self._state is None or not touched:
            return
        self.sync_rows(self._wanted())
        self.refresh_ids(touched)

    def search(self, text: str) -> None:
        self.query = text.strip()
        self.sync_rows(self._wanted())

    def record(self, row: int) -> Record | None:
        rid = self.id_at(row)
        return self._state.records.get(rid) if rid and self._state is not None else None

    def _wanted(self) -> list[str]:
        if self._state is None:
            return []
        needle = self.query.upper()
        found = [r for r in self._state.records.values() if not needle or matches(self._state, r, needle)]
        found.sort(key=lambda r: (-r.updated_at, r.id))
        return [r.id for r in found[:MAX_RESULTS]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        col = index.column()
        if role == RECORD_ID_ROLE:
            return record.id
        if role == Qt.ItemDataRole.DisplayRole:
            version = latest(record)
            if col == RCol.KIND:
                return record.kind.label
            if col == RCol.TITLE:
                return record_title(self._state, record.kind, version.fields) if version else ""
            if col == RCol.KEY:
                key = record.key.split(":", 1)[1]
                return mask_id(key) if record.kind is RecordKind.PERSON else key
            if col == RCol.STATUS:
                return record_status(record).label
            if col == RCol.VERSIONS:
                return str(len(record.versions))
            return fmt_time(record.updated_at, with_date=True)
        if role == Qt.ItemDataRole.ForegroundRole and col == RCol.STATUS:
            return QBrush(QColor(VERSION_COLORS[record_status(record)]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(record.id)
        return None


class VCol(IntEnum):
    NUMBER = 0
    STATUS = 1
    SUBMITTED = 2
    REVIEWED = 3
    CONTENT = 4


class RecordVersionModel(FlatTableModel):
    """The versions of one record, newest first: status, who submitted and who reviewed, and when."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self.record_id: str | None = None
        self._versions: list[RecordVersion] = []
        self._headers = [_tr(h) for h in ("版本", "状态", "提交", "审核", "内容")]
        session.state_reset.connect(lambda _s: self.show_record(self.record_id))
        session.changed.connect(self._on_changes)

    def show_record(self, record_id: str | None) -> None:
        state = self._session.state
        record = state.records.get(record_id) if state is not None and record_id else None
        self.beginResetModel()
        self.record_id = record_id
        self._versions = list(reversed(record.versions)) if record is not None else []
        self.endResetModel()

    def record(self) -> Record | None:
        state = self._session.state
        return state.records.get(self.record_id) if state is not None and self.record_id else None

    def statuses(self) -> list[str]:
        """Version statuses as shown, newest first."""
        return [v.status.label for v in self._versions]

    def _row_count(self) -> int:
        return len(self._versions)

    def _on_changes(self, changes) -> None:
        if self.record_id and self.record_id in changes.records:
            self.show_record(self.record_id)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._versions):
            return None
        v = self._versions[index.row()]
        col = index.column()
        state = self._session.state
        if role == Qt.ItemDataRole.DisplayRole:
            if col == VCol.NUMBER:
                return f"#{len(self._versions) - index.row()}"
            if col == VCol.STATUS:
                return v.status.label
            sub = state.submissions.get(v.submission_id)
            if col == VCol.SUBMITTED:
                worker = state.workers.get(sub.worker_id) if sub else None
                return f"{worker.name if worker else v.by} {fmt_time(v.at, True)}"
            if col == VCol.REVIEWED:
                if sub is None or not sub.reviewer:
                    return "—"
                return f"{account_name(state, sub.reviewer)} {fmt_time(sub.reviewed_at, True)}"
            record = self.record()
            return summary(state, record.kind, v.fields) if record else ""
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == VCol.STATUS:
                return QBrush(QColor(VERSION_COLORS[v.status]))
            if v.status is VersionStatus.INVALID:
                return QBrush(QColor(theme.TEXT_DIM))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(v.submission_id)
        return None
