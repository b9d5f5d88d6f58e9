"""What a dispatchable unit can do and how it moves: capabilities and travel modes.

Grid workers, community officers, patrol groups and auxiliaries are all rows of one roster
(:class:`console.domain.workers.Worker`); this module holds the vocabulary that tells them apart
when an incident needs someone with enforcement power, traffic control or first aid.
"""

from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    """Something a unit is trained and empowered to do; the value is the wire and data-table name."""

    ENFORCEMENT = "enforcement"  # 执法权: may detain, search, separate parties by force
    ARMED = "armed"  # 配枪/警械
    TRAFFIC = "traffic"  # 交通管制
    FIRST_AID = "first_aid"  # 急救
    MEDIATION = "mediation"  # 调解
    LOCAL = "local"  # 熟悉社区: knows the people and the houses

    @property
    def label(self) -> str:
        return _CAPABILITY_LABELS[self]


_CAPABILITY_LABELS = {
    Capability.ENFORCEMENT: "执法",
    Capability.ARMED: "警械",
    Capability.TRAFFIC: "交通管制",
    Capability.FIRST_AID: "急救",
    Capability.MEDIATION: "调解",
    Capability.LOCAL: "熟悉社区",
}


class TravelMode(StrEnum):
    """How a unit gets to a job; :attr:`speed_mps` is a town average along streets."""

    WALK = "walk"
    EBIKE = "ebike"
    CAR = "car"

    @property
    def speed_mps(self) -> float:
        return _SPEEDS[self]

    @property
    def label(self) -> str:
        return {"walk": "步行", "ebike": "电动车", "car": "警车"}[self.value]


_SPEEDS = {TravelMode.WALK: 1.3, TravelMode.EBIKE: 4.0, TravelMode.CAR: 8.0}
DETOUR_FACTOR = 1.3  # streets, not a straight line


def travel_eta_s(metres: float, mode: TravelMode) -> float:
    """Time to cover a straight-line distance along streets by ``mode``."""
    return metres * DETOUR_FACTOR / mode.speed_mps


def parse_capabilities(text: str) -> frozenset[Capability]:
    """``"enforcement,traffic"`` (the stored form) to a set; unknown names are ignored."""
    known = {c.value for c in Capability}
    return frozenset(Capability(n) for n in (p.strip() for p in text.split(",")) if n in known)


def format_capabilities(caps: frozenset[Capability]) -> str:
    """The stored form of a capability set, in a stable order."""
    return ",".join(c.value for c in Capability if c in caps)
