"""Show an action's shortcut once: menus add it in their own column, buttons carry it in their text."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence


def shortcut_text(action: QAction) -> str:
    """The action's shortcut as the user reads it (``F2``, ``Ctrl+E``), or ``""``."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def set_label(action: QAction, label: str) -> None:
    """``label`` as the menu text (Qt shows the shortcut beside it) and ``label F2`` on tool buttons."""
    shortcut = shortcut_text(action)
    action.setText(label)
    action.setIconText(f"{label} {shortcut}" if shortcut else label)
