"""Item views that do not repaint when their window gains or loses the focus.

Qt repaints an item view's whole viewport when its window is activated or deactivated, because selected
rows may be drawn from the palette's Inactive colours. The console's palette (``theme.apply_theme``) has
the same colours in both groups, so those repaints change no pixel, yet together they repainted every
table of the main window (about 40 ms at 1280×800) whenever a dialog (派遣, 办结, 接警) opened or closed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QWidget

_ACTIVATION = (QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate)
_ACTIVE, _INACTIVE = QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive


class SteadyOnActivation(QObject):
    """Event filter on item views' viewports: an activation change is passed on to the viewport's own
    child widgets but does not reach the view's handler (the full repaint) while its palette looks the
    same active and inactive."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() not in _ACTIVATION or not obj.palette().isEqual(_ACTIVE, _INACTIVE):
            return False
        for child in obj.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and not child.isWindow():
                QCoreApplication.sendEvent(child, event)
        return True


def steady_views(root: QWidget) -> SteadyOnActivation:
    """Install the filter on the viewport of every item view under ``root`` (tables, trees, headers)."""
    steady = SteadyOnActivation(root)
    for view in root.findChildren(QAbstractItemView):
        view.viewport().installEventFilter(steady)
    return steady
