"""What the intake form looks things up in: standard addresses, roads, category codes, repeat calls."""

from __future__ import annotations

import math

from console.domain.incidents import categories
from console.domain.places import District, Point, Street
from console.domain.state import State
from console.ui.intake.search_field import Entry


def short_address(district: District, text: str) -> str:
    """The address without the city and 街道 prefix every address of the district shares."""
    _head, sep, rest = text.partition(district.name)
    return rest if sep and rest else text


def address_entries(state: State) -> list[Entry]:
    """One entry per standard address: short text and its grid; found by text, road, compound, grid."""
    grid_names = {g.code: g.name for g in state.district.grids}
    out = []
    for a in state.district.addresses:
        grid = grid_names.get(a.grid_code, a.grid_code)
        haystack = " ".join((a.text, a.road, a.door, a.compound, a.building, grid, a.code)).casefold()
        out.append(Entry(f"{short_address(state.district, a.text)} · {grid}", a.code, haystack))
    return out


def category_entries() -> list[Entry]:
    """One entry per 110 category: ``"200100 打架斗殴"``."""
    return [Entry(f"{c.code} {c.name}", c.code, c.name.casefold()) for c in categories().values()]


def category_match(entry: Entry, needle: str) -> bool:
    """Digits match a code prefix; anything else matches part of the name."""
    needle = needle.strip()
    if not needle:
        return False
    if needle.isdigit():
        return entry.key.startswith(needle)
    return needle.casefold() in entry.haystack or needle == entry.text


def road_in_text(district: District, text: str) -> Street | None:
    """The district's road named in free text (the longest name that occurs), if any."""
    found = [s for s in district.streets if s.name and s.name in text]
    return max(found, key=lambda s: len(s.name)) if found else None


def road_centre(street: Street) -> Point:
    """The point halfway along a road's polyline."""
    pts = street.points
    lengths = [math.dist(pts[i], pts[i + 1]) for i in range(len(pts) - 1)]
    half = sum(lengths) / 2
    for (x0, y0), (x1, y1), d in zip(pts, pts[1:], lengths, strict=False):
        if half <= d and d > 0:
            t = half / d
            return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        half -= d
    return pts[-1]


