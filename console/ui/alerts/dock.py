"""``install_alerts_dock``: put the alert list into a main window, with its AlertCenter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from console.domain.clock import now_ms
from console.ui.alerts.center import AlertCenter
from console.ui.alerts.view import AlertListView
from console.ui.texts import tr

DOCK_NAME = "alertsDock"


def install_alerts_dock(window: QMainWindow, session, *, clock: Callable[[], int] = now_ms,
                        **center_kwargs) -> QDockWidget:
    """Add the dock (left area, objectName ``alertsDock``) and return it.

    ``dock.widget().center`` is the AlertCenter: connect its ``alerts_changed(int, str)`` to the status
    bar and the view's ``subject_activated(kind, subject)`` to selecting the incident. Shortcuts
    (window-wide): Ctrl+A 全部确认, Ctrl+M 静音; in the table, Enter/Space acknowledges the selected alert.
    """
    dock = QDockWidget(tr("告警", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    center = AlertCenter(session, dock, clock=clock, **center_kwargs)
    dock.setWidget(AlertListView(center, dock, clock=clock))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    return dock
