"""e码 page views for 人流热力: a counter per door plate per clock hour, and nothing else (no device, no
address, no time finer than the hour). :meth:`PublicApi.flush_scans` commits them as ``ecode.scans``."""

from __future__ import annotations

from console.domain.heat import hour_start

FLUSH_S = 60.0  # how often the listener commits what it counted
MAX_PLATES = 20_000  # plates kept per hour between flushes; more is dropped (a flood is not people flow)


class ScanCounter:
    """Counts valid plate views per clock hour until :meth:`take`."""

    def __init__(self) -> None:
        self._hours: dict[int, dict[str, int]] = {}

    def count(self, code: str, at_ms: int) -> None:
        plates = self._hours.setdefault(hour_start(at_ms), {})
        if code in plates or len(plates) < MAX_PLATES:
            plates[code] = plates.get(code, 0) + 1

    def take(self) -> list[tuple[int, dict[str, int]]]:
        """Everything counted so far, by hour, oldest first; the counter starts again from zero."""
        hours, self._hours = self._hours, {}
        return sorted(hours.items())

    def give_back(self, hour_at: int, counts: dict[str, int]) -> None:
        """Counts that could not be committed, kept for the next flush."""
        plates = self._hours.setdefault(hour_at, {})
        for code, n in counts.items():
            plates[code] = plates.get(code, 0) + n
