"""Orders to grid workers (派单): verify a person or house, visit, mediate, patrol."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from console.domain.lifecycle import step


class OrderKind(StrEnum):
    """What the worker is asked to do."""

    VERIFY_PERSON = "verify_person"
    VERIFY_HOUSE = "verify_house"
    VISIT = "visit"
    MEDIATE = "mediate"
    PATROL = "patrol"

    @property
    def label(self) -> str:
        return {"verify_person": "核查人员", "verify_house": "核查房屋", "visit": "入户走访",
                "mediate": "矛盾调解", "patrol": "巡查"}[self.value]

    @property
    def is_verification(self) -> bool:
        return self in (OrderKind.VERIFY_PERSON, OrderKind.VERIFY_HOUSE)


class OrderStatus(StrEnum):
    """An order's progress."""

    ISSUED = "issued"
    SIGNED = "signed"
    DONE = "done"
    RETURNED = "returned"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"issued": "已派发", "signed": "已签收", "done": "已反馈", "returned": "已退回",
                "cancelled": "已撤销"}[self.value]


OPEN_ORDER = frozenset({OrderStatus.ISSUED, OrderStatus.SIGNED})

# action -> (statuses it may start from, status it leads to)
ORDER_STEPS: dict[str, tuple[frozenset[OrderStatus], OrderStatus]] = {
    "sign": (frozenset({OrderStatus.ISSUED}), OrderStatus.SIGNED),
    "feedback": (frozenset({OrderStatus.SIGNED}), OrderStatus.DONE),
    "return": (OPEN_ORDER, OrderStatus.RETURNED),
    "cancel": (OPEN_ORDER, OrderStatus.CANCELLED),
}


def next_order_status(current: OrderStatus, action: str) -> OrderStatus:
    """The status ``action`` leads to; raises E_TRANSITION if not allowed from ``current``."""
    return step(ORDER_STEPS, current, action, "工单")


def verification_key(kind: OrderKind | str, target: str) -> str:
    """The key under which verifications of the same person or house are found: ``person:ID``/``house:CODE``."""
    return f"{'person' if kind == OrderKind.VERIFY_PERSON else 'house'}:{target}"


@dataclass(slots=True)
class Order:
    """One order to one worker; ``target`` is an address code (or an ID number for a person check)."""

    id: str
    kind: OrderKind
    worker_id: str
    grid_code: str
    target: str
    target_text: str
    due_at: int
    issued_at: int
    by: str
    version: int
    note: str = ""
    incident_id: str = ""
    status: OrderStatus = OrderStatus.ISSUED
    signed_at: int = 0
    done_at: int = 0
    result: str = ""
    confirmed: bool | None = None  # for verifications: the facts were found as recorded
    returned_reason: str = ""
    updated_at: int = 0
    declaration: str = ""  # the 居住登记 (submission id) this 核查 checks: its target is personal data

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ORDER

    def is_overdue(self, now_ms: int) -> bool:
        """Open past its due time."""
        return self.is_open and now_ms > self.due_at

    def to_dict(self) -> dict:
        return {**asdict(self), "kind": self.kind.value, "status": self.status.value}

    @classmethod
    def from_dict(cls, d: dict) -> Order:
        return cls(**{**d, "kind": OrderKind(d["kind"]), "status": OrderStatus(d["status"])})


@dataclass(frozen=True, slots=True)
class Verification:
    """The latest check of a person or house, by an order's feedback or by accepting a record."""

    key: str
    at: int
    by: str
    source: str  # "order" or "record"
    ref: str  # the order or submission id
    result: str

    def to_dict(self) -> dict:
        return asdict(self)
