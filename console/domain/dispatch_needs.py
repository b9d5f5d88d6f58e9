"""What an incident category needs from whoever is sent: a data table, longest category prefix wins.

``console/resources/data/dispatch_needs.json`` ships the table (override with ``JINGWANG_DISPATCH_NEEDS``,
read by the caller through :mod:`console.config`). A need with ``police_lead`` means units without
the needed capabilities (grid workers, 辅警) may be sent only in support.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from console.domain.units import Capability
from console.resources import resource_path

NEEDS_FILE = resource_path("data", "dispatch_needs.json")


@dataclass(frozen=True, slots=True)
class Need:
    """The capabilities a lead unit must have, and whether police must lead."""

    needs: frozenset[Capability] = frozenset()
    police_lead: bool = False


@dataclass(frozen=True, slots=True)
class NeedsTable:
    """Category prefix → :class:`Need`, with a default for categories no prefix matches."""

    by_prefix: dict[str, Need]
    default: Need = Need()

    def need_of(self, category: str) -> Need:
        """The entry with the longest prefix of ``category``, else the default."""
        for n in range(len(category), 0, -1):
            need = self.by_prefix.get(category[:n])
            if need is not None:
                return need
        return self.default

    @classmethod
    def from_dict(cls, raw: dict) -> NeedsTable:
        def need(entry: dict) -> Need:
            return Need(frozenset(Capability(c) for c in entry.get("needs", ())), bool(entry.get("police_lead")))

        return cls({str(e["prefix"]): need(e) for e in raw.get("categories", ())}, need(raw.get("default", {})))


@cache
def load_needs(path: str = "") -> NeedsTable:
    """The table at ``path`` (empty: the shipped one)."""
    return NeedsTable.from_dict(json.loads(Path(path or NEEDS_FILE).read_text(encoding="utf-8")))
