"""Fill Chinese text templates with the places and people of a district.

Placeholders: {c} compound, {b} building, {room}, {r} road, {door}, {r2} another road,
{s} surname, {age}, {k} a small count, {color}; callers may add their own.
"""

from __future__ import annotations

import random

from console.domain.places import Address, District
from console.field import names

_COLORS = ("蓝色", "灰色", "黑色", "红色", "白色", "咖啡色")


class Narrator:
    """Formats templates for one address, drawing the details from ``rng``."""

    def __init__(self, rng: random.Random, district: District) -> None:
        self.rng = rng
        self._compounds: dict[str, list[str]] = {}
        for a in district.addresses:
            if a.compound:
                self._compounds.setdefault(a.grid_code, []).append(a.compound)
        self._roads = [s.name for s in district.streets]

    def compound(self, addr: Address) -> str:
        """The address's compound, else one in its grid, else its road and door number."""
        return addr.compound or self.rng.choice(self._compounds.get(addr.grid_code) or [f"{addr.road}{addr.door}"])

    def fill(self, template: str, addr: Address, **extra: str) -> str:
        """``template`` with its placeholders (and any ``extra`` ones) filled in for ``addr``."""
        rng = self.rng
        return template.format(
            **extra,
            c=self.compound(addr), b=addr.building or rng.randint(1, 20),
            room=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}",
            r=addr.road, door=addr.door.rstrip("号"),
            r2=rng.choice([r for r in self._roads if r != addr.road]), s=names.surname(rng),
            age=rng.randint(70, 92), k=rng.randint(3, 20), color=rng.choice(_COLORS),
        )
