"""The map's search box: worker names, grid codes and names, standard addresses, with a completer."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from console.domain.state import State
from console.domain.workers import WorkerKind
from console.ui.texts import tr

MAX_SHOWN = 12


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One thing the box can find: ``kind`` is ``worker``, ``grid`` or ``address``; ``key`` its id/code."""

    kind: str
    key: str
    text: str


def build_entries(state: State) -> list[SearchEntry]:
    """Everything searchable in ``state``, each with a unique display text."""
    grid_names = {g.code: g.name for g in state.district.grids}
    entries = []
    for w in state.workers.values():
        kind = tr("社区民警", "MapSearch") if w.kind is WorkerKind.OFFICER else tr("网格员", "MapSearch")
        entries.append(SearchEntry("worker", w.id, f"{w.name} · {kind} {w.id} · {grid_names.get(w.grid_code, '')}"))
    for g in state.district.grids:
        entries.append(SearchEntry("grid", g.code, f"{g.name} · {tr('网格', 'MapSearch')} {g.code}"))
    for a in state.district.addresses:
        entries.append(SearchEntry("address", a.code, f"{a.text} · {tr('地址', 'MapSearch')} {a.code[-6:]}"))
    seen: set[str] = set()
    unique = []
    for e in entries:
        if e.text not in seen:
            seen.add(e.text)
            unique.append(e)
    return unique


class MapSearchBox(QLineEdit):
    """Type part of a name, code or address; pick a completion (or Enter) to emit :attr:`chosen`."""

    chosen = Signal(str, str)  # kind, key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("搜索 网格员 / 网格名称或编码 / 标准地址", "MapSearch"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(280)
        self._by_text: dict[str, SearchEntry] = {}
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setMaxVisibleItems(MAX_SHOWN)
        self.setCompleter(self.completer_)
        self.completer_.activated[str].connect(self.choose_text)
        self.returnPressed.connect(self._on_return)

    def set_entries(self, entries: list[SearchEntry]) -> None:
        self._by_text = {e.text: e for e in entries}
        self._model.setStringList([e.text for e in entries])

    def matches(self, text: str) -> list[SearchEntry]:
        """Entries whose text contains ``text`` (case-insensitive), in index order."""
        needle = text.strip().casefold()
        return [e for t, e in self._by_text.items() if needle and needle in t.casefold()]

    def choose_text(self, text: str) -> bool:
        """Go to the entry shown as ``text``, or to the first entry containing it."""
        entry = self._by_text.get(text)
        if entry is None:
            found = self.matches(text)
            entry = found[0] if found else None
        if entry is None:
            return False
        self.chosen.emit(entry.kind, entry.key)
        return True

    def _on_return(self) -> None:
        self.completer_.popup().hide()
        self.choose_text(self.text())
