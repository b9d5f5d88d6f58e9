"""``Picker``: an editable combo box that finds its item by any part of the text (code or Chinese)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QWidget


class Picker(QComboBox):
    """Items are ``(text, key)``; typing any part of a text (digits of a code, Chinese) finds it."""

    def __init__(self, items: list[tuple[str, str]], parent: QWidget | None = None, *,
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.lineEdit().setPlaceholderText(placeholder)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        for text, key in items:
            self.addItem(text, key)
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def select_key(self, key: str) -> None:
        """Make the item with ``key`` current (no change when there is none)."""
        index = self.findData(key)
        if index >= 0:
            self.setCurrentIndex(index)

    def chosen_key(self) -> str | None:
        """The key of the item the text names: an exact text, else the only item containing it."""
        text = self.currentText().strip()
        if not text:
            return None
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact >= 0:
            return self.itemData(exact)
        found = [i for i in range(self.count()) if text.casefold() in self.itemText(i).casefold()]
        return self.itemData(found[0]) if len(found) == 1 else None
