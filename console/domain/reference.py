"""Reference data a station imports (the roster and 一标三实): its kinds, and the ``reference.upserted``
event that folds a chunk of checked rows into the State.

Rows are upserts by their code: a worker's or unit's id, an address code, a record's person, house or
unit key. The checks (:mod:`console.domain.reference_checks`) run where the file is read, so a report
names the cell, and again in the relay's decider, so nothing unchecked reaches the log; the event
carries only the rows that change something, completed (an address with its 三码, a record with its id).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain.grid_profiles import put_grids, put_roles
from console.domain.places import Address
from console.domain.records import Record, RecordKind, RecordVersion, VersionStatus
from console.domain.units import Capability, TravelMode
from console.domain.workers import Worker, WorkerKind

if TYPE_CHECKING:
    from console.domain.changes import Changes
    from console.domain.payloads import ReferenceUpserted
    from console.domain.state import State


class RefKind(StrEnum):
    """What an import holds."""

    WORKER = "worker"  # 网格员
    UNIT = "unit"  # 警力: 社区民警, 巡逻警组, 辅警
    ADDRESS = "address"  # 标准地址 (一标)
    PERSON = "person"  # 实有人口
    HOUSE = "house"  # 实有房屋
    ORG = "org"  # 实有单位
    GRID = "grid"  # 网格属性: 普通 / 专属网格 and its key site (console.domain.grid_profiles)
    GRID_ROLE = "grid_role"  # 网格职务: 网格长, 小区长, 楼栋长

    @property
    def label(self) -> str:
        return {"worker": "网格员", "unit": "警力", "address": "标准地址", "person": "实有人口", "house": "实有房屋",
                "org": "实有单位", "grid": "网格属性", "grid_role": "网格职务"}[self.value]

    @property
    def record_kind(self) -> RecordKind | None:
        """The record kind of a 三实 import, None for the roster and addresses."""
        return _RECORD_KINDS.get(self)


_RECORD_KINDS = {RefKind.PERSON: RecordKind.PERSON, RefKind.HOUSE: RecordKind.HOUSE, RefKind.ORG: RecordKind.UNIT}
ROSTER_KINDS = frozenset({RefKind.WORKER, RefKind.UNIT})
GRID_KINDS = frozenset({RefKind.GRID, RefKind.GRID_ROLE})
ADDRESS_PARTS = ("road", "door", "compound", "building", "unit", "floor", "room")  # where, down to the room
IMPORTED = "IM"  # the prefix of an imported record version's source (where a submission id would be)


# -- completed rows (the event's form) and the entities they become ---------------------------------

def worker_of(row: dict) -> Worker:
    """The roster entry of a completed worker or unit row."""
    return Worker(row["id"], row["name"], WorkerKind(row["kind"]), row["grid"], row["phone"], TravelMode(row["mode"]),
                  frozenset(Capability(c) for c in row["capabilities"]), row["station"])


def address_of(row: dict) -> Address:
    """The standard address of a completed address row."""
    return Address(row["code"], row["text"], row["road"], row["door"], float(row["lng"]), float(row["lat"]),
                   row["grid"], row["police_grid"], row["station"], row["compound"], row["building"], row["unit"],
                   row["floor"], row["room"])


def place_of(a: Address) -> tuple[str, ...]:
    """Where an address is, without its code: two codes for one place are a conflict."""
    return (a.road, a.door, a.compound, a.building, a.unit, a.floor, a.room)


def record_id(seq: int, index: int) -> str:
    """The id of the ``index``-th new record of the import event ``seq`` (submissions use ``RK`` + seq)."""
    return f"RK{seq:010d}{index:04d}"


# -- the reducer ----------------------------------------------------------------------------------

def _upserted(state: State, e: ev.Event) -> None:
    kind = RefKind(e.data["kind"])
    rows = e.data["rows"]
    if kind in ROSTER_KINDS:
        for row in rows:
            state.workers[row["id"]] = worker_of(row)
        if kind is RefKind.UNIT:
            state.index_officers()
    elif kind is RefKind.ADDRESS:
        _put_addresses(state, [address_of(row) for row in rows])
    elif kind is RefKind.GRID:
        put_grids(state.grid_profiles, rows, e.at)
    elif kind is RefKind.GRID_ROLE:
        put_roles(state.grid_profiles, rows, e.at)
    else:
        _put_records(state, kind.record_kind, rows, e)


def _put_addresses(state: State, addresses: list[Address]) -> None:
    index, listed = state.address_index, state.district.addresses
    replaced = False
    for a in addresses:
        old = index.get(a.code)
        if old is None:
            listed.append(a)
        else:
            replaced = True
            state.address_places.pop(place_of(old), None)
        index[a.code] = a
        state.address_places[place_of(a)] = a.code
    if replaced:  # one pass over the list for the whole chunk
        listed[:] = [index[a.code] for a in listed]


def _put_records(state: State, kind: RecordKind, rows: list[dict], e: ev.Event) -> None:
    for row in rows:
        record = state.records.get(row["record"])
        if record is None:
            record = Record(row["record"], kind, row["key"], row["grid"])
            state.records[record.id] = record
            state.records_by_key[record.key] = record.id
        for v in record.versions:
            if v.status is VersionStatus.EFFECTIVE:
                v.status = VersionStatus.INVALID
        record.versions.append(RecordVersion(f"{IMPORTED}{e.seq}", row["fields"], VersionStatus.EFFECTIVE, e.at,
                                             e.actor))
        record.grid_code, record.version, record.updated_at = row["grid"], e.seq, e.at


def note_changes(payload: ReferenceUpserted, changes: Changes) -> None:
    """What an import chunk changed: roster entries (``roster``: rebuild lists), places, or records."""
    kind = RefKind(payload.kind)
    if not payload.rows:
        return
    if kind in ROSTER_KINDS:
        changes.workers.update(row["id"] for row in payload.rows)
        changes.roster = True
    elif kind is RefKind.ADDRESS:
        changes.places.update(row["code"] for row in payload.rows)
        changes.district = True
    elif kind in GRID_KINDS:
        changes.grid_profiles.update(row["grid"] for row in payload.rows)
    else:
        changes.records.update(row["record"] for row in payload.rows)


HANDLERS = {ev.REFERENCE_UPSERTED: _upserted}
