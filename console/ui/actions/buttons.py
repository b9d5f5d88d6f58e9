"""``ActionButtons``: the incident actions as rows of buttons (for the detail panel).

The frequent ones come first, then the less frequent, then 补充/改类/改级/改址; the buttons wrap
onto more rows when the panel is narrow, so a narrow dock never pushes the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLayout, QSizePolicy, QToolButton, QWidget

from console.ui.actions.controller import CORRECTIONS, PRIMARY, SECONDARY, IncidentActions

SPACING = 4


class ActionButtons(QWidget):
    """One button per action of ``actions``: the frequent ones on the first row, as many per row as fit."""

    def __init__(self, actions: IncidentActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionButtons")
        self.buttons: dict[str, QToolButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # minimumSizeHint says it
        self._grid.setHorizontalSpacing(SPACING)
        self._grid.setVerticalSpacing(SPACING)
        self._per_row = len(PRIMARY)
        for key in (*PRIMARY, *SECONDARY, *CORRECTIONS):
            button = QToolButton()
            button.setDefaultAction(actions.actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.buttons[key] = button
        self._place(self._per_row)

    def minimumSizeHint(self) -> QSize:
        """One button wide: the rest wrap."""
        widest = max(b.minimumSizeHint().width() for b in self.buttons.values())
        return QSize(widest, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        per_row = self._fitting(event.size().width())
        if per_row != self._per_row:
            self._place(per_row)
        super().resizeEvent(event)

    def _fitting(self, width: int) -> int:
        """Buttons per row at ``width``: rows as long as PRIMARY when they fit."""
        widest = max(b.sizeHint().width() for b in self.buttons.values())
        return max(1, min(len(PRIMARY), (width + SPACING) // (widest + SPACING)))

    def _place(self, per_row: int) -> None:
        self._per_row = per_row
        for button in self.buttons.values():
            self._grid.removeWidget(button)
        for i, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, *divmod(i, per_row))
        for col in range(self._grid.columnCount()):
            self._grid.setColumnStretch(col, 1 if col < per_row else 0)
        rows = -(-len(self.buttons) // per_row)
        height = max(b.sizeHint().height() for b in self.buttons.values())
        self.setFixedHeight(rows * height + (rows - 1) * SPACING)
