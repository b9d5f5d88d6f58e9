"""Field and police staff, their positions and their derived status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Account roles. A role decides which operations a connection may send."""

    DISPATCHER = "dispatcher"
    STATION_CHIEF = "chief"
    TRAINER = "trainer"
    OFFICER = "officer"
    GRID_WORKER = "grid_worker"
    FIELD_GATEWAY = "field_gateway"  # the simulator / AVL gateway acting for many grid workers
    LIAISON = "liaison"
    ADMIN = "admin"
    SYSTEM = "system"  # the relay itself (automatic 督办, geofence alerts); no account has it

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.DISPATCHER: "指挥调度员",
    Role.STATION_CHIEF: "值班长",
    Role.TRAINER: "教官",
    Role.OFFICER: "社区民警",
    Role.GRID_WORKER: "网格员",
    Role.FIELD_GATEWAY: "外勤网关",
    Role.LIAISON: "部门联络员",
    Role.ADMIN: "管理员",
    Role.SYSTEM: "系统",
}


class WorkerKind(StrEnum):
    """What a worker on the roster is."""

    GRID_WORKER = "grid_worker"
    OFFICER = "officer"


class WorkerStatus(StrEnum):
    """Derived status used to colour a worker on the map and in lists."""

    OFF_DUTY = "off_duty"
    ON_DUTY = "on_duty"
    ON_ORDER = "on_order"
    STALE = "stale"
    SOS = "sos"

    @property
    def label(self) -> str:
        return {"off_duty": "未在岗", "on_duty": "在岗", "on_order": "执行任务", "stale": "失联",
                "sos": "紧急求助"}[self.value]


@dataclass(frozen=True, slots=True)
class Worker:
    """A person on the roster: a grid worker (网格员) or a community officer (社区民警)."""

    id: str
    name: str
    kind: WorkerKind
    grid_code: str
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Position:
    """A position fix: ``at`` is the device's fix time in ms since epoch."""

    worker_id: str
    lng: float
    lat: float
    at: int
    speed: float = 0.0
    heading: float = 0.0
