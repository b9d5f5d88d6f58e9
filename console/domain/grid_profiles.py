"""Grid attributes beyond the map: the kind of a grid (普通, or 专属网格 at a key site such as a school, a hospital
or a shopping district) and its 网格长 — 小区长 — 楼栋长 hierarchy.

Both arrive as reference imports (``jingwang import 网格`` and ``jingwang import 网格职务``, folded from
``reference.upserted`` like the roster): a grid's row sets its kind and site; a role row names the 网格长 of a
grid, or the 小区长 of one 小区 or the 楼栋长 of one 楼 within it (optionally the roster entry who holds it). A
专属网格's site is due a 隐患排查 like a hazard record (:func:`key_site_facts`, counted by 隐患排查率).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from console.domain.places import Address

ORDINARY, DEDICATED = "ordinary", "dedicated"
KIND_LABELS = {ORDINARY: "普通网格", DEDICATED: "专属网格"}
SITE_TYPES = ("学校", "医院", "商圈", "园区", "景区", "交通枢纽", "养老机构", "其他")
HEAD, COMPOUND_HEAD, BUILDING_HEAD = "网格长", "小区长", "楼栋长"
ROLES = (HEAD, COMPOUND_HEAD, BUILDING_HEAD)
SITE_PREFIX = "site:"  # the kpi_sites record id of a key site: site:<grid code>


@dataclass(frozen=True, slots=True)
class GridRole:
    """One post in a grid: the 网格长 (no place), a 小区长 (its ``compound``) or a 楼栋长 (``compound`` and
    ``building``); ``worker`` is the roster entry holding it, if any."""

    role: str
    name: str
    compound: str = ""
    building: str = ""
    phone: str = ""
    worker: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.role, self.compound, self.building

    @property
    def place(self) -> str:
        """Where it is responsible, as people say it (和谐雅苑12幢), empty for the 网格长."""
        building = self.building + ("幢" if self.building.isdigit() else "")
        return f"{self.compound}{building}"


@dataclass(slots=True)
class GridProfile:
    """A grid's kind, its key site (专属网格) and its posts. ``id`` is the grid code."""

    id: str
    kind: str = ORDINARY
    site_type: str = ""
    site_name: str = ""
    site_address: str = ""  # the standard address of the key site (where its 隐患排查 is done)
    dedicated_since: int = 0  # when it became 专属 (0: never)
    updated_at: int = 0
    roles: list[GridRole] = field(default_factory=list)

    @property
    def is_dedicated(self) -> bool:
        return self.kind == DEDICATED

    @property
    def kind_label(self) -> str:
        label = KIND_LABELS.get(self.kind, self.kind)
        return f"{label}（{self.site_type}）" if self.is_dedicated and self.site_type else label

    def of_role(self, role: str) -> list[GridRole]:
        return sorted((r for r in self.roles if r.role == role), key=lambda r: r.key)

    def to_dict(self) -> dict:
        return {**asdict(self), "roles": [asdict(r) for r in self.roles]}

    @classmethod
    def from_dict(cls, d: dict) -> GridProfile:
        return cls(**{**d, "roles": [GridRole(**r) for r in d.get("roles", [])]})


def role_key(row: dict) -> str:
    """The import key of a role row: one holder per grid, role, 小区 and 楼."""
    return "|".join((row["grid"], row["role"], row.get("compound", ""), row.get("building", "")))


def buildings_of(addresses: list[Address], grid: str) -> set[tuple[str, str]]:
    """The buildings (小区, 楼) of a grid's standard addresses that name a 楼."""
    return {(a.compound, a.building) for a in addresses if a.grid_code == grid and a.building}


def building_heads(profile: GridProfile | None, buildings: set[tuple[str, str]]) -> int:
    """How many of ``buildings`` have a 楼栋长 in ``profile``."""
    held = {(r.compound, r.building) for r in profile.roles if r.role == BUILDING_HEAD} if profile else set()
    return len(buildings & held)


def roles_of_worker(profiles: dict[str, GridProfile], worker: str) -> list[tuple[str, GridRole]]:
    """``(grid, post)`` of every post the roster entry ``worker`` holds."""
    return sorted(((g, r) for g, p in profiles.items() for r in p.roles if r.worker == worker),
                  key=lambda x: (x[0], ROLES.index(x[1].role), x[1].key))


# -- folding the imports -----------------------------------------------------------------------------

def put_grids(profiles: dict[str, GridProfile], rows: list[dict], at: int) -> None:
    """A ``网格`` import chunk: each grid's kind and site (its posts stay)."""
    for row in rows:
        p = profiles.setdefault(row["grid"], GridProfile(row["grid"]))
        if row["grid_kind"] == DEDICATED and not p.is_dedicated:
            p.dedicated_since = at
        p.kind, p.site_type, p.site_name, p.site_address = row["grid_kind"], row["site_type"], row["site_name"], \
            row["site_address"]
        p.updated_at = at


def put_roles(profiles: dict[str, GridProfile], rows: list[dict], at: int) -> None:
    """A ``网格职务`` import chunk: each post given (or given to someone else)."""
    for row in rows:
        p = profiles.setdefault(row["grid"], GridProfile(row["grid"]))
        role = GridRole(row["role"], row["name"], row["compound"], row["building"], row["phone"], row["worker"])
        p.roles = [r for r in p.roles if r.key != role.key] + [role]
        p.updated_at = at


def key_site_facts(profile: GridProfile, places: dict[str, tuple[str, str, str]]) -> dict | None:
    """The ``kpi_sites`` row of a 专属网格's key site: a hazard site due a check while the grid is 专属 (from
    ``dedicated_since``; ``until_at`` once it is 普通 again); None for a grid never 专属 or without a site."""
    if not profile.dedicated_since or not profile.site_address:
        return None
    community, police_grid, station = places.get(profile.id, (profile.id[:12], "", ""))
    return {"record_id": f"{SITE_PREFIX}{profile.id}", "kind": "hazard", "address_code": profile.site_address[:64],
            "grid_code": profile.id, "community_code": community, "police_grid_code": police_grid,
            "station_code": station, "title": f"专属网格 · {profile.site_type} · {profile.site_name}"[:256],
            "since_at": profile.dedicated_since, "until_at": None if profile.is_dedicated else profile.updated_at}
