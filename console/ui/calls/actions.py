"""The 视频呼叫 / 语音呼叫 actions that start a call from a worker (map card, worker list)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from console.ui.texts import tr

VIDEO_KEY = "Ctrl+Shift+V"
VOICE_KEY = "Ctrl+Shift+Y"


def call_actions(owner: QWidget, on_call: Callable[[str], None]) -> dict[str, QAction]:
    """``{"video": …, "audio": …}`` actions calling ``on_call(media)``, their keys live while focus is in ``owner``."""
    actions = {}
    for media, text, key in (("video", "视频呼叫", VIDEO_KEY), ("audio", "语音呼叫", VOICE_KEY)):
        label = tr(text, "Calls")
        action = QAction(label, owner)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{label} ({key})")
        action.triggered.connect(lambda _checked=False, media=media: on_call(media))
        owner.addAction(action)
        actions[media] = action
    return actions
