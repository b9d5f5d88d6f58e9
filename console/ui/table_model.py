"""Base for the console's flat tables: fixed horizontal headers, row count from the subclass."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class FlatTableModel(QAbstractTableModel):
    """A flat (non-tree) table whose columns are ``self._headers``; subclasses define :meth:`_row_count`."""

    _headers: list[str]

    def _row_count(self) -> int:
        raise NotImplementedError

    def bind_session(self, session) -> None:
        """Follow ``session``: rebuild on ``state_reset``, update from each batch's change set (``changed``)."""
        session.state_reset.connect(self.reset_state)
        session.changed.connect(self.apply_changes)
        if session.state is not None:
            self.reset_state(session.state)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None
