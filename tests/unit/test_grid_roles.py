"""Grid attributes and posts through ``reference.upsert`` (the relay's decider): each bad row refused in Chinese
naming the field, nothing changed; good rows folded into ``State.grid_profiles``; a post given again to someone
else replaces the holder; a grid back to 普通 ends its key site's due 隐患排查 (``kpi_sites`` row)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from console.domain import grid_profiles as gp
from console.domain.catalogue import validate_args
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.kpi_facts import grid_places
from console.domain.state import State, apply
from console.domain.workers import Role
from console.testing.sample_state import build_addresses, build_district, build_roster

DISTRICT = build_district()
DISTRICT = replace(DISTRICT, addresses=build_addresses(DISTRICT))
ADMIN = Actor("a01", Role.ADMIN)
G1, G2 = DISTRICT.grids[0].code, DISTRICT.grids[1].code
SITE = next(a for a in DISTRICT.addresses if a.grid_code == G1 and a.building)
ELSEWHERE = next(a for a in DISTRICT.addresses if a.grid_code == G2)


def _import(state: State, kind: str, rows: list[dict], at: int = 1_000) -> Event:
    event_type, data = decide(state, ADMIN, "reference.upsert", validate_args("reference.upsert",
                                                                                {"kind": kind, "rows": rows}),
                              at, state.seq + 1)
    event = Event(state.seq + 1, at, event_type, ADMIN.account, data)
    apply(state, event)
    return event


def _state() -> State:
    return State(DISTRICT, build_roster(DISTRICT, 10))


def _grid(**kw) -> dict:
    return {"grid": G1, "grid_kind": "dedicated", "site_type": "学校", "site_name": "实验学校",
            "site_address": SITE.code, **kw}


@pytest.mark.parametrize(("kind", "row", "field", "why"), [
    ("grid", _grid(site_address=""), "site_address", "专属网格须填场所地址编码"),
    ("grid", _grid(site_type=""), "site_type", "专属网格须填场所类型"),
    ("grid", _grid(site_address=ELSEWHERE.code), "site_address", f"不在网格 {G1} 内"),
    ("grid", _grid(grid="320508019999999"), "grid", "辖区内没有网格"),
    ("grid_role", {"grid": G1, "role": "楼栋长", "compound": "和谐雅苑", "name": "林某"}, "building", "楼栋长须填楼栋"),
    ("grid_role", {"grid": G1, "role": "小区长", "name": "陈某"}, "compound", "小区长须填小区"),
    ("grid_role", {"grid": G1, "role": "组长", "name": "陈某"}, "role", "应为 网格长、小区长、楼栋长"),
    ("grid_role", {"grid": G1, "role": "网格长", "name": "陈某", "worker": "W999"}, "worker", "没有人员 W999"),
])
def test_bad_grid_rows_are_refused_naming_the_field(kind, row, field, why):
    state = _state()
    with pytest.raises(DomainError) as refused:
        _import(state, kind, [row])
    assert refused.value.code == "E_FIELD" and f"第1条 {field}: " in str(refused.value) and why in str(refused.value)
    assert not state.grid_profiles and state.seq == 0


def test_grid_kind_and_posts_fold_and_a_post_changes_hands():
    state = _state()
    _import(state, "grid", [_grid()], at=1_000)
    _import(state, "grid_role", [
        {"grid": G1, "role": "网格长", "name": "王网", "worker": "W001", "compound": "忽略", "building": "1"},
        {"grid": G1, "role": "楼栋长", "compound": SITE.compound, "building": SITE.building, "name": "林楼"}])
    p = state.grid_profiles[G1]
    assert p.is_dedicated and p.kind_label == "专属网格（学校）" and p.dedicated_since == 1_000
    assert [(r.role, r.place) for r in p.roles] == [("网格长", ""), ("楼栋长", f"{SITE.compound}{SITE.building}幢")]
    assert gp.roles_of_worker(state.grid_profiles, "W001")[0][1].role == "网格长"
    _import(state, "grid_role", [{"grid": G1, "role": "楼栋长", "compound": SITE.compound, "building": SITE.building,
                                  "name": "周楼"}])
    assert [r.name for r in p.of_role(gp.BUILDING_HEAD)] == ["周楼"]  # one holder per building
    buildings = gp.buildings_of(DISTRICT.addresses, G1)
    assert gp.building_heads(p, buildings) == 1 <= len(buildings)
    with pytest.raises(DomainError):  # the same post twice in one chunk
        _import(state, "grid_role", [{"grid": G1, "role": "网格长", "name": "甲"},
                                     {"grid": G1, "role": "网格长", "name": "乙"}])


def test_key_site_due_while_dedicated_and_not_after():
    state = _state()
    places = grid_places(DISTRICT)
    _import(state, "grid", [_grid(grid=G2, grid_kind="ordinary", site_type="", site_name="", site_address="")])
    assert gp.key_site_facts(state.grid_profiles[G2], places) is None  # never 专属: nothing due
    _import(state, "grid", [_grid()], at=5_000)
    row = gp.key_site_facts(state.grid_profiles[G1], places)
    assert (row["record_id"], row["kind"], row["address_code"], row["since_at"], row["until_at"]) == \
        (f"site:{G1}", "hazard", SITE.code, 5_000, None)
    _import(state, "grid", [_grid(grid_kind="ordinary")], at=9_000)
    assert gp.key_site_facts(state.grid_profiles[G1], places)["until_at"] == 9_000
    restored = State.from_snapshot(state.to_snapshot())
    assert restored.grid_profiles[G1].to_dict() == state.grid_profiles[G1].to_dict()
