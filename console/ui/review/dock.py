"""``install_review_dock``: put the review panel (审核入库 / 档案查询) into a main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from console.ui.review.view import ReviewPanel
from console.ui.texts import tr

DOCK_NAME = "reviewDock"


def install_review_dock(window: QMainWindow, session, **panel_kwargs) -> QDockWidget:
    """Add the dock (right area, objectName ``reviewDock`` so the layout is saved) and return it.

    Shortcuts, active while focus is inside the dock: Ctrl+Enter 通过入库, Ctrl+R 退回.
    """
    dock = QDockWidget(tr("审核入库", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(ReviewPanel(session, dock, **panel_kwargs))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock
