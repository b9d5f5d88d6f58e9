"""Completers for the order dialog: grid workers by name or id, standard addresses by text or code."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QWidget

from console.domain.state import State
from console.domain.workers import WorkerKind


def worker_choices(state: State) -> dict[str, str]:
    """``"张伟 W001 · 平江一网格"`` → worker id, for every grid worker (officers take no orders)."""
    grids = {g.code: g.name for g in state.district.grids}
    return {
        f"{w.name} {w.id} · {grids.get(w.grid_code, w.grid_code)}": w.id
        for w in sorted(state.workers.values(), key=lambda w: (w.grid_code, w.name))
        if w.kind is WorkerKind.GRID_WORKER
    }


def address_choices(state: State) -> dict[str, str]:
    """``"苏州市…平江路12号 · 320508019001001"`` → address code."""
    return {f"{a.text} · {a.code}": a.code for a in state.district.addresses}


def resolve(text: str, choices: dict[str, str], known_ids) -> str | None:
    """The id a typed text stands for: a full choice, an exact id, or the one choice containing it."""
    text = text.strip()
    if not text:
        return None
    if text in choices:
        return choices[text]
    if text in known_ids:
        return text
    hits = {v for k, v in choices.items() if text in k}
    return hits.pop() if len(hits) == 1 else None


def completer(choices: dict[str, str], parent: QWidget) -> QCompleter:
    """A case-insensitive, match-anywhere completer over the choice texts."""
    model = QStringListModel(list(choices), parent)
    c = QCompleter(model, parent)
    c.setFilterMode(Qt.MatchFlag.MatchContains)
    c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    c.setMaxVisibleItems(12)
    return c
