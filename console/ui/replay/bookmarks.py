"""Trainer bookmarks: add and remove them through the relay, hear everyone's through the live log.

:class:`BookmarkChannel` wraps the trainer's live session (a ``ConsoleSession`` logged in as the
trainer): it sends only ``replay.bookmark_add`` / ``replay.bookmark_remove`` and reports the
bookmarks the live state holds whenever a bookmark event arrives. The replay itself never sends.
:class:`BookmarkDialog` asks for the note.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from console.domain import events as ev
from console.ui.plain import PlainLabel
from console.ui.replay.session import as_dict
from console.ui.texts import fmt_time, tr

BOOKMARK_OPS = ("replay.bookmark_add", "replay.bookmark_remove")
BOOKMARK_EVENTS = frozenset({ev.BOOKMARK_ADDED, ev.BOOKMARK_REMOVED})
MAX_NOTE = 500


class BookmarkChannel(QObject):
    """Bookmark commands over the trainer's live session; :attr:`changed` carries the current list."""

    changed = Signal(list)
    failed = Signal(str)

    def __init__(self, live_session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live_session
        live_session.events_applied.connect(self._on_events)
        live_session.state_reset.connect(lambda _state: self.changed.emit(self.bookmarks()))
        live_session.command_failed.connect(self._on_failed)

    def bookmarks(self) -> list[dict]:
        """Every bookmark the live state knows, oldest moment first."""
        state = self.live.state
        held = getattr(state, "bookmarks", {}) if state is not None else {}
        return sorted((as_dict(b) for b in held.values()), key=lambda b: b["at"])

    def add(self, at_ms: int, note: str, incident: str = "") -> None:
        """Pin ``note`` to ``at_ms`` (linked to ``incident`` when given)."""
        args = {"at": int(at_ms), "note": note.strip()[:MAX_NOTE]}
        if incident:
            args["incident"] = incident
        self.live.command("replay.bookmark_add", args)

    def remove(self, bookmark_id: str) -> None:
        self.live.command("replay.bookmark_remove", {"bookmark": bookmark_id})

    def _on_events(self, events: list) -> None:
        if any(e.type in BOOKMARK_EVENTS for e in events):
            self.changed.emit(self.bookmarks())

    def _on_failed(self, op: str, error: dict) -> None:
        if op in BOOKMARK_OPS:
            self.failed.emit(error.get("zh") or error.get("code", ""))


class BookmarkDialog(QDialog):
    """The note for a bookmark at one replay moment."""

    def __init__(self, at_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.at_ms = at_ms
        self.setWindowTitle(tr("添加书签", "Replay"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(tr("说明（必填，最多 500 字），例如：此处应先受理再派遣", "Replay"))
        self.note.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("保存并共享", "Replay"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消", "Replay"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.error = PlainLabel()
        self.error.setStyleSheet("color: #ff8a65;")
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel(tr("回放时间 {at}", "Replay").format(at=fmt_time(at_ms, with_date=True))))
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def _accept(self) -> None:
        if not self.text():
            self.error.setText(tr("请填写书签说明", "Replay"))
            return
        self.accept()
