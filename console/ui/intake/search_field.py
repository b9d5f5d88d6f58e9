"""``SearchField``: a line edit that offers matching entries in a popup and remembers the one chosen.

The field does its own matching (any substring, several words all matching) and shows the
result in an unfiltered completer popup: Down + Enter (or a click) chooses. Typing again
forgets the choice; leaving the field with exactly one match chooses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

MAX_SHOWN = 40


@dataclass(frozen=True, slots=True)
class Entry:
    """One choosable thing: what is shown, its key, and the lower-case text it is found by."""

    text: str
    key: str
    haystack: str


def words_match(entry: Entry, needle: str) -> bool:
    """Every whitespace-separated word of ``needle`` occurs in the entry's haystack."""
    words = needle.casefold().split()
    return bool(words) and all(w in entry.haystack for w in words)


class SearchField(QLineEdit):
    """Emits :attr:`chosen_changed` with the chosen key ("" when the text no longer names an entry)."""

    chosen_changed = Signal(str)

    def __init__(self, entries: list[Entry], matcher: Callable[[Entry, str], bool] = words_match,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries = entries
        self._by_text = {e.text: e for e in entries}
        self._matcher = matcher
        self._chosen: Entry | None = None
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.completer_)
        self.completer_.activated[str].connect(self.choose_text)
        self.textEdited.connect(self._on_edited)
        self.editingFinished.connect(self.resolve)

    # --- public API -------------------------------------------------------------------
    def matches(self, text: str | None = None) -> list[Entry]:
        """Entries matching ``text`` (the current text by default), in entry order."""
        needle = (self.text() if text is None else text).strip()
        return [e for e in self._entries if self._matcher(e, needle)] if needle else []

    def chosen_key(self) -> str:
        """Key of the chosen entry, or ""."""
        return self._chosen.key if self._chosen is not None else ""

    def choose_text(self, text: str) -> bool:
        """Choose the entry shown as ``text``; False if there is none."""
        entry = self._by_text.get(text)
        if entry is None:
            return False
        self._set_chosen(entry)
        self.setText(entry.text)
        return True

    def choose_key(self, key: str) -> bool:
        """Choose the entry with ``key``; False if there is none."""
        entry = next((e for e in self._entries if e.key == key), None)
        return entry is not None and self.choose_text(entry.text)

    def resolve(self) -> None:
        """On leaving the field: an exact text or a single match becomes the choice."""
        if self._chosen is not None or not self.text().strip():
            return
        if self.choose_text(self.text().strip()):
            return
        found = self.matches()
        if len(found) == 1:
            self.choose_text(found[0].text)

    # --- internals --------------------------------------------------------------------
    def _set_chosen(self, entry: Entry | None) -> None:
        if entry is not self._chosen:
            self._chosen = entry
            self.chosen_changed.emit(self.chosen_key())

    def _on_edited(self, text: str) -> None:
        if self._chosen is not None and text != self._chosen.text:
            self._set_chosen(None)
        found = self.matches(text)[:MAX_SHOWN]
        self._model.setStringList([e.text for e in found])
        if found:
            self.completer_.complete()
        else:
            self.completer_.popup().hide()
