"""``ActionButtons``: the incident actions as buttons (for the detail panel), never more than two rows.

The buttons keep their own widths and flow left to right, the frequent ones first, then the less
frequent, then 补充/改类/改级/改址. What does not fit in :data:`MAX_ROWS` rows goes behind a 更多
button (a menu of the same actions, shortcuts unchanged), so a narrow dock on a 1366×768 screen keeps
its height for the incident itself and never pushes the window past the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from console.ui.actions.availability import SPEC_BY_KEY
from console.ui.actions.controller import CORRECTIONS, PRIMARY, SECONDARY, IncidentActions
from console.ui.texts import tr

SPACING = 4
MAX_ROWS = 2


def more_button(actions: list[QAction], text: str, object_name: str) -> QToolButton:
    """A button that opens a menu of ``actions`` (their shortcuts work whether it is open or not)."""
    menu = QMenu()
    menu.setToolTipsVisible(True)
    button = QToolButton()
    button.setObjectName(object_name)
    button.setText(text)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu.setParent(button, menu.windowFlags())
    fill_menu(button, actions)
    return button


def fill_menu(button: QToolButton, actions: list[QAction]) -> None:
    """Put ``actions`` in ``button``'s menu (a separator between 更正 and the rest) and its tooltip."""
    menu = button.menu()
    menu.clear()
    for action in actions:
        key = action.objectName().removeprefix("action_")
        if key == CORRECTIONS[0] and menu.actions():
            menu.addSeparator()
        menu.addAction(action)
    button.setToolTip("、".join(f"{SPEC_BY_KEY[k].label} {SPEC_BY_KEY[k].shortcut}"
                               for k in (a.objectName().removeprefix("action_") for a in actions)))


class ActionButtons(QWidget):
    """One button per action of ``actions`` in at most :data:`MAX_ROWS` rows; the rest behind 更多."""

    def __init__(self, actions: IncidentActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionButtons")
        self.buttons: dict[str, QToolButton] = {}
        for key in (*PRIMARY, *SECONDARY, *CORRECTIONS):
            button = QToolButton()
            button.setDefaultAction(actions.actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.buttons[key] = button
        self.more = more_button([], tr("更多", "Actions"), "detailMoreActions")
        self.more.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rows = [QHBoxLayout() for _ in range(MAX_ROWS)]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING)
        for row in self._rows:
            row.setSpacing(SPACING)
            column.addLayout(row)
        self._split: tuple[tuple[str, ...], ...] = ()
        self._placing = self._recheck = False
        self._place(self._flow(10_000))

    def minimumSizeHint(self) -> QSize:
        """One button and 更多 wide: the rest go behind 更多."""
        widest = max(b.sizeHint().width() for b in (*self.buttons.values(), self.more))
        return QSize(widest, super().minimumSizeHint().height())

    def hidden(self) -> list[str]:
        """The actions behind 更多 at the current width."""
        shown = {key for row in self._split for key in row}
        return [key for key in self.buttons if key not in shown]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        """Re-place the buttons for ``width``; a resize that placing itself causes (showing buttons can make
        the parent layout resize this widget at once) is handled after it, not in the middle of it."""
        if self._placing:
            self._recheck = True
            return
        split = self._flow(width)
        if split == self._split:
            return
        self._placing = True
        try:
            self._place(split)
        finally:
            self._placing = False
        if self._recheck:
            self._recheck = False
            self._fit(self.width())

    def _flow(self, width: int) -> tuple[tuple[str, ...], ...]:
        """The keys of each row at ``width``: all of them if they fit in MAX_ROWS rows, else as many as
        fit with room for 更多 at the end of the last row."""
        rows = self._rows_at(width, 0)
        if sum(map(len, rows)) < len(self.buttons):
            rows = self._rows_at(width, self.more.sizeHint().width() + SPACING)
        return rows

    def _rows_at(self, width: int, reserve: int) -> tuple[tuple[str, ...], ...]:
        """Buttons at their own widths, left to right, in at most MAX_ROWS rows (a row takes at least one
        button, except the last, which keeps ``reserve`` pixels free and may hold 更多 alone)."""
        rows: list[list[str]] = [[]]
        used = 0
        for key, button in self.buttons.items():
            while True:
                last = len(rows) == MAX_ROWS
                need = button.sizeHint().width() + (SPACING if rows[-1] else 0)
                if used + need <= width - (reserve if last else 0) or not (rows[-1] or last):
                    rows[-1].append(key)
                    used += need
                    break
                if last:
                    return tuple(tuple(r) for r in rows)
                rows.append([])
                used = 0
        return tuple(tuple(r) for r in rows)

    def _place(self, split: tuple[tuple[str, ...], ...]) -> None:
        self._split = split
        for row in self._rows:
            while row.count():
                row.takeAt(0)
        for button in (*self.buttons.values(), self.more):
            button.hide()
        for row, keys in zip(self._rows, split, strict=False):
            for key in keys:
                row.addWidget(self.buttons[key])
                self.buttons[key].show()
        hidden = self.hidden()
        if hidden:
            self._rows[len(split) - 1].addWidget(self.more)
            self.more.show()
        fill_menu(self.more, [self.buttons[key].defaultAction() for key in hidden])
        height = max(b.sizeHint().height() for b in self.buttons.values())
        rows = len(split)
        self.setFixedHeight(rows * height + (rows - 1) * SPACING)
