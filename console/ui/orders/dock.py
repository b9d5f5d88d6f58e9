"""``install_orders_dock``: put the orders list (派单) into a main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from console.ui.orders.view import OrdersView
from console.ui.texts import tr

DOCK_NAME = "ordersDock"


def install_orders_dock(window: QMainWindow, session, **view_kwargs) -> QDockWidget:
    """Add the dock (bottom area, objectName ``ordersDock``) and return it.

    The window's ``selected_incident()`` (if it has one) is offered as the order's linked incident.
    Shortcut: Ctrl+O opens the 派单 dialog while the dock is shown in the active window.
    """
    selected = getattr(window, "selected_incident", None)
    if selected is not None:
        view_kwargs.setdefault("incident_of_interest", selected)
    dock = QDockWidget(tr("派单", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(OrdersView(session, dock, **view_kwargs))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock
