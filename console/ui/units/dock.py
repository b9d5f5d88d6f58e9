"""``install_units_dock``: put the police unit status board (警力状态) into a main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from console.ui.texts import tr
from console.ui.units.board import UnitBoard

DOCK_NAME = "unitsDock"


def install_units_dock(window: QMainWindow, session, **board_kwargs) -> QDockWidget:
    """Add the dock (right area, objectName ``unitsDock``) and return it."""
    dock = QDockWidget(tr("警力状态", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(UnitBoard(session, dock, **board_kwargs))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock
