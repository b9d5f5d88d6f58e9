"""``ActionButtons``: the incident actions as rows of buttons (for the detail panel): frequent, less
frequent, and 补充/改类/改级/改址."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QToolButton, QWidget

from console.ui.actions.controller import CORRECTIONS, PRIMARY, SECONDARY, IncidentActions


class ActionButtons(QWidget):
    """One button per action of ``actions``: the frequent ones on the first row."""

    def __init__(self, actions: IncidentActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionButtons")
        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        for row, keys in enumerate((PRIMARY, SECONDARY, CORRECTIONS)):
            for col, key in enumerate(keys):
                button = QToolButton()
                button.setDefaultAction(actions.actions[key])
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                grid.addWidget(button, row, col)
                self.buttons[key] = button
