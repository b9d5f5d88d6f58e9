"""Field and police staff, their positions and their derived status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from console.domain.units import Capability, TravelMode, format_capabilities, parse_capabilities


class Role(StrEnum):
    """Account roles. A role decides which operations a connection may send."""

    DISPATCHER = "dispatcher"
    STATION_CHIEF = "chief"
    TRAINER = "trainer"
    OFFICER = "officer"
    GRID_WORKER = "grid_worker"
    POLICE_UNIT = "police_unit"  # a police unit's own phone (巡逻警组, 辅警, 社区民警 in the field): takes dispatches
    FIELD_GATEWAY = "field_gateway"  # the simulator / AVL gateway acting for many grid workers
    LIAISON = "liaison"
    ADMIN = "admin"
    SYSTEM = "system"  # the relay itself (automatic 督办, geofence alerts); no account has it
    PUBLIC = "public"  # the relay's public e码 listener, for anonymous scans; no account has it

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.DISPATCHER: "指挥调度员",
    Role.STATION_CHIEF: "值班长",
    Role.TRAINER: "教官",
    Role.OFFICER: "社区民警",
    Role.GRID_WORKER: "网格员",
    Role.POLICE_UNIT: "警组终端",
    Role.FIELD_GATEWAY: "外勤网关",
    Role.LIAISON: "部门联络员",
    Role.ADMIN: "管理员",
    Role.SYSTEM: "系统",
    Role.PUBLIC: "群众扫码",
}


# Accounts bound to one roster entry that act for it in the field (its own phone), and with the gateway
# that acts for many: who may send a field step (sign, arrive, feedback …) for a worker.
PERSONAL_FIELD_ROLES = frozenset({Role.GRID_WORKER, Role.POLICE_UNIT})
FIELD_ROLES = PERSONAL_FIELD_ROLES | {Role.FIELD_GATEWAY}


class WorkerKind(StrEnum):
    """What a worker on the roster is: a civilian grid worker or one of the 派出所's police units."""

    GRID_WORKER = "grid_worker"
    OFFICER = "officer"  # 社区民警, one per 警格
    PATROL = "patrol"  # 巡逻警组: 2-3 officers in a car or on foot
    AUXILIARY = "auxiliary"  # 辅警: works beside an officer, no enforcement power of their own

    @property
    def label(self) -> str:
        return {"grid_worker": "网格员", "officer": "社区民警", "patrol": "巡逻警组", "auxiliary": "辅警"}[self.value]

    @property
    def is_police(self) -> bool:
        return self is not WorkerKind.GRID_WORKER


_C = Capability
# the usual travel mode and capabilities of each kind, for roster rows that do not say
KIND_DEFAULTS: dict[WorkerKind, tuple[TravelMode, frozenset[Capability]]] = {
    WorkerKind.GRID_WORKER: (TravelMode.WALK, frozenset({_C.MEDIATION, _C.LOCAL})),
    WorkerKind.OFFICER: (TravelMode.EBIKE, frozenset({_C.ENFORCEMENT, _C.MEDIATION, _C.LOCAL})),
    WorkerKind.PATROL: (TravelMode.CAR, frozenset({_C.ENFORCEMENT, _C.ARMED, _C.TRAFFIC, _C.FIRST_AID})),
    WorkerKind.AUXILIARY: (TravelMode.EBIKE, frozenset({_C.TRAFFIC, _C.FIRST_AID})),
}


class WorkerStatus(StrEnum):
    """Derived status used to colour a worker on the map and in lists."""

    OFF_DUTY = "off_duty"
    ON_DUTY = "on_duty"
    ON_ORDER = "on_order"
    STALE = "stale"
    SOS = "sos"
    UNKNOWN = "unknown"  # never derived here: a console shows it while it has lost the relay

    @property
    def label(self) -> str:
        return {"off_duty": "未在岗", "on_duty": "在岗", "on_order": "执行任务", "stale": "失联",
                "sos": "紧急求助", "unknown": "未知"}[self.value]


@dataclass(frozen=True, slots=True)
class Worker:
    """A person or unit on the roster: a grid worker (网格员) or a police unit (社区民警, 巡逻警组, 辅警).

    ``mode`` and ``capabilities`` default to the kind's usual ones; ``station_code`` is the 派出所 of a
    police unit.
    """

    id: str
    name: str
    kind: WorkerKind
    grid_code: str
    phone: str = ""
    mode: TravelMode | None = None
    capabilities: frozenset[Capability] | None = None
    station_code: str = ""

    def __post_init__(self) -> None:
        mode, caps = KIND_DEFAULTS[self.kind]
        if self.mode is None:
            object.__setattr__(self, "mode", mode)
        if self.capabilities is None:
            object.__setattr__(self, "capabilities", caps)

    @property
    def unit_label(self) -> str:
        """巡逻车 for a patrol group in a car, else the kind's label."""
        if self.kind is WorkerKind.PATROL and self.mode is TravelMode.CAR:
            return "巡逻车"
        return self.kind.label


@dataclass(frozen=True, slots=True)
class Position:
    """A position fix: ``at`` is the device's fix time in ms since epoch."""

    worker_id: str
    lng: float
    lat: float
    at: int
    speed: float = 0.0
    heading: float = 0.0


def worker_row(w: Worker) -> list:
    """A roster entry's snapshot form: ``[id, name, kind, grid, phone, mode, capabilities, station]``."""
    return [w.id, w.name, w.kind.value, w.grid_code, w.phone, w.mode.value, format_capabilities(w.capabilities),
            w.station_code]


def worker_from_row(row: list) -> Worker:
    """Inverse of :func:`worker_row`; the older five-field form takes the kind's defaults."""
    mode = TravelMode(row[5]) if len(row) > 5 and row[5] else None
    caps = parse_capabilities(row[6]) if len(row) > 6 and row[6] else None
    return Worker(row[0], row[1], WorkerKind(row[2]), row[3], row[4], mode, caps, row[7] if len(row) > 7 else "")
