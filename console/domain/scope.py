"""What an account is bound to (``accounts.scope``, migration 0005): a field gateway acts only for these."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.workers import Worker


@dataclass(frozen=True, slots=True)
class Scope:
    """Workers by id, or every worker whose own grid is listed. Empty binds nobody."""

    workers: frozenset[str] = frozenset()
    grids: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, raw: dict) -> Scope:
        """From the account's JSON scope, e.g. ``{"workers": ["W0001"]}`` or ``{"grids": ["3205…001"]}``."""
        return cls(frozenset(map(str, raw.get("workers", ()))), frozenset(map(str, raw.get("grids", ()))))

    def covers(self, worker: Worker | None) -> bool:
        return worker is not None and (worker.id in self.workers or worker.grid_code in self.grids)
