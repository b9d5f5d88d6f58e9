"""``install_calls_dock``: put the video wall (视频连线) into a main window as a dock that can float."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from console.ui.calls.wall import VideoWall
from console.ui.texts import tr

DOCK_NAME = "callsDock"


def install_calls_dock(window: QMainWindow, session, service=None, **wall_kwargs) -> QDockWidget:
    """Add the dock (right area, objectName ``callsDock`` so the layout is saved) and return it.

    The dock floats (drag its title bar to a second screen); a ringing call from a worker raises it.
    ``dock.widget()`` is the :class:`VideoWall`; give it the ``CallService`` with ``set_service``.
    """
    dock = QDockWidget(tr("视频连线", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    wall = VideoWall(session, service, dock, **wall_kwargs)
    dock.setWidget(wall)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    wall.ringing_in.connect(lambda _call: show_dock(dock))
    return dock


def show_dock(dock: QDockWidget) -> None:
    """Make the wall visible: reopen a closed dock, bring its tab to the front."""
    dock.show()
    dock.raise_()
