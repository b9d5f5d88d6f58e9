"""A large, realistic incident load and mixed event bursts, for the queue's bench and tests.

Incidents are built directly (100k through the deciders and the reducer would take minutes); bursts are
made by the deciders from real commands (:class:`console.testing.factory.EventFactory`), so they go
through the shared reducer like live ones.
"""

from __future__ import annotations

import random

from console.domain import events as ev
from console.domain import station_time
from console.domain.incidents import (
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    Incident,
    Referral,
    ReferralStatus,
    Source,
    Status,
    Supervision,
    TimelineEntry,
    departments,
)
from console.domain.state import State
from console.testing.factory import EventFactory
from console.testing.sample_state import (
    CASES,
    H_STREETS,
    V_STREETS,
    build_district,
    build_roster,
    grid_center,
)

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
A = AssignmentStatus

CATEGORIES = {  # code -> weight, roughly what a city 街道 receives
    "200200": 14, "200100": 5, "200600": 3, "500000": 8, "500100": 4, "300000": 8, "300100": 2, "400000": 2,
    "400200": 3, "100100": 6, "100200": 2, "601300": 4, "600600": 5, "600200": 2, "600900": 2, "700000": 1,
    "900000": 2, "950000": 2, "990000": 1,
}
SOURCES = {Source.CALL_110: 45, Source.GRID_WORKER: 20, Source.HOTLINE_12345: 15, Source.QR_CODE: 8,
           Source.VIDEO: 5, Source.VISIT: 4, Source.RISK_WARNING: 3}
STATUSES = {Status.CLOSED: 72, Status.VOID: 3, Status.NEW: 2, Status.ACCEPTED: 2, Status.RETURNED: 1,
            Status.DISPATCHED: 3, Status.SIGNED: 2, Status.ON_SCENE: 6, Status.FEEDBACK: 3, Status.VERIFYING: 2,
            Status.REFERRED: 4}
_URGENT_PREFIXES = ("10", "30", "40", "70")
_ASSIGNED = {Status.DISPATCHED: A.DISPATCHED, Status.SIGNED: A.SIGNED, Status.ON_SCENE: A.ON_SCENE,
             Status.FEEDBACK: A.DONE, Status.VERIFYING: A.DONE, Status.CLOSED: A.DONE}
# what the other assignees may be doing while the lead's assignment is at a step
_OTHERS = {A.DISPATCHED: (A.DISPATCHED,), A.SIGNED: (A.DISPATCHED, A.SIGNED),
           A.ON_SCENE: (A.DISPATCHED, A.SIGNED, A.ON_SCENE, A.DONE), A.DONE: (A.DONE,)}


def _pick(rnd: random.Random, weights: dict):
    return rnd.choices(list(weights), list(weights.values()))[0]


def _priority(rnd: random.Random, category: str) -> int:
    if category.startswith(_URGENT_PREFIXES) or category in ("200100", "200600"):
        return rnd.choice((1, 1, 2, 2, 3))
    return rnd.choice((2, 3, 3, 4, 4))


def _age_ms(rnd: random.Random, status: Status) -> int:
    if status is Status.NEW:
        return rnd.randint(0, 40 * MINUTE_MS)
    if status in (Status.CLOSED, Status.VOID):
        return rnd.randint(2 * HOUR_MS, 90 * DAY_MS)
    return min(int(rnd.expovariate(1 / (10 * HOUR_MS))), 7 * DAY_MS) + 5 * MINUTE_MS


def big_state(n: int = 100_000, now_ms: int = 1_763_700_000_000, seed: int = 7, cols: int = 8, rows: int = 5,
              workers: int = 200) -> State:
    """``n`` incidents in every status over the last 90 days (about a quarter open), in report order."""
    rnd = random.Random(seed)
    district = build_district(cols, rows)
    roster = build_roster(district, workers)
    worker_ids = list(roster)
    statuses = [_pick(rnd, STATUSES) for _ in range(n)]
    plan = sorted((now_ms - _age_ms(rnd, s), s) for s in statuses)
    incidents: dict[str, Incident] = {}
    for k, (reported, status) in enumerate(plan, start=1):
        grid = rnd.choice(district.grids)
        category = _pick(rnd, CATEGORIES)
        source = _pick(rnd, SOURCES)
        lng, lat = grid_center(grid, rnd.uniform(-0.45, 0.45), rnd.uniform(-0.45, 0.45))
        day = station_time.fmt(reported, "%Y%m%d")
        inc = Incident(
            id=f"JQ{day}{k:08d}", category=category, priority=_priority(rnd, category), source=source,
            status=status, lng=lng, lat=lat, grid_code=grid.code,
            address=f"{rnd.choice(H_STREETS + V_STREETS)}{rnd.randint(1, 300)}号{rnd.randint(1, 20)}幢",
            narrative=rnd.choice(CASES)[3], caller=f"139{rnd.randint(10_000_000, 99_999_999)}"
            if source is Source.CALL_110 else "", reporter="ddy01", reported_at=reported, version=k,
            updated_at=reported,
        )
        inc.timeline.append(TimelineEntry(k, reported, "report", "ddy01", Status.NEW, inc.narrative))
        _fill(inc, rnd, worker_ids, now_ms, incidents)
        incidents[inc.id] = inc
    return State(district, roster, seq=n, incidents=incidents)


def _fill(inc: Incident, rnd: random.Random, worker_ids: list[str], now_ms: int, earlier: dict) -> None:
    """Give ``inc`` the timestamps, assignments, referral and marks its status implies."""
    status, t = inc.status, inc.reported_at
    span = max(now_ms - t, MINUTE_MS)
    if status is not Status.NEW:
        inc.accepted_at = t + rnd.randint(MINUTE_MS // 2, min(span, 10 * MINUTE_MS))
    if status is Status.REFERRED or (status is Status.CLOSED and rnd.random() < 0.05):
        done = status is Status.CLOSED
        ref_status = ReferralStatus.DONE if done else rnd.choice((ReferralStatus.PUSHED, ReferralStatus.SIGNED))
        inc.referral = Referral(f"ZB{inc.id[2:]}", rnd.choice(list(departments())), inc.accepted_at, "非警务",
                                "ddy01", ref_status)
    elif status in _ASSIGNED or status is Status.RETURNED:
        count = 1 if status is Status.RETURNED else rnd.choices((1, 2, 3), (80, 15, 5))[0]
        lead = _ASSIGNED.get(status, A.RETURNED)
        for i, wid in enumerate(rnd.sample(worker_ids, count)):
            step = lead if i == 0 else rnd.choice(_OTHERS[lead])
            inc.assignments[wid] = Assignment(wid, step, inc.accepted_at + MINUTE_MS, "ddy01")
    if status in (Status.FEEDBACK, Status.VERIFYING, Status.CLOSED):
        inc.feedback_at = inc.accepted_at + rnd.randint(10 * MINUTE_MS, max(span // 2, 11 * MINUTE_MS))
    if status in (Status.CLOSED, Status.VOID):
        inc.closed_at = max(inc.feedback_at, inc.accepted_at) + 30 * MINUTE_MS
    if inc.is_open and rnd.random() < 0.08:
        inc.supervision = rnd.choice((Supervision.NORMAL, Supervision.YELLOW, Supervision.RED))
    if earlier and rnd.random() < 0.03:
        inc.repeat_of = rnd.choice(list(earlier)[-50:])
    if status in (Status.ON_SCENE, Status.FEEDBACK, Status.VERIFYING, Status.CLOSED) and rnd.random() < 0.03:
        inc.rework_count = rnd.randint(1, 2)
    if status in (Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE) and rnd.random() < 0.03:
        inc.extension_request = ExtensionRequest(now_ms - HOUR_MS, "w0001", 24, "需协调物业")
    inc.updated_at = max(inc.updated_at, inc.accepted_at, inc.feedback_at, inc.closed_at)


class BurstMaker:
    """Makes event batches for ``state``, a live state the caller folds each batch into: new reports and
    next steps of open incidents, each the event the relay's deciders give for a real client's command.

    The state is too big to copy, so a batch is decided against the state it started from: each
    incident is touched at most once per batch, a dispatch is forced past a busy worker and every new
    caller number is unique, so no event of a batch depends on another.
    """

    def __init__(self, state: State, seed: int = 11, start_ms: int | None = None, step_ms: int = 5) -> None:
        self.state = state
        self.rnd = random.Random(seed)
        start = start_ms if start_ms is not None else max((i.updated_at for i in state.incidents.values()),
                                                          default=0)
        self.f = EventFactory(state, start, folds=False)
        self.step_ms = step_ms
        self.workers = list(state.workers)
        self.grids = state.district.grids

    def burst(self, size: int, report_share: float = 0.3) -> list[ev.Event]:
        """``size`` events: about ``report_share`` new reports, the rest steps on distinct open incidents."""
        open_ids = [i.id for i in self.state.incidents.values() if i.is_open]
        picks = iter(self.rnd.sample(open_ids, min(len(open_ids), size)))
        out: list[ev.Event] = []
        while len(out) < size:
            inc_id = None if self.rnd.random() < report_share else next(picks, None)
            out.append(self.report() if inc_id is None else self.step(self.state.incidents[inc_id]))
        return out

    def status_change(self) -> ev.Event:
        """One event that changes an open incident's status (受理, 签收, 到场, 反馈, 核查, 办结 …)."""
        open_ids = [i.id for i in self.state.incidents.values() if i.is_open]
        return self.step(self.state.incidents[self.rnd.choice(open_ids)], steps_only=True)

    def report(self) -> ev.Event:
        rnd = self.rnd
        grid = rnd.choice(self.grids)
        category = _pick(rnd, CATEGORIES)
        point = grid_center(grid, rnd.uniform(-0.45, 0.45), rnd.uniform(-0.45, 0.45))
        return self.f.report(grid, point, category=category, priority=_priority(rnd, category),
                             source=_pick(rnd, SOURCES).value, narrative=rnd.choice(CASES)[3],
                             address=f"{rnd.choice(H_STREETS + V_STREETS)}{rnd.randint(1, 300)}号",
                             caller=f"139{self.f.seq + 1:08d}", step_ms=self.step_ms)

    def step(self, inc: Incident, steps_only: bool = False) -> ev.Event:
        """The next step of ``inc`` (sometimes a 督办 or 延期 request unless ``steps_only``)."""
        rnd, s = self.rnd, inc.status
        if not steps_only and rnd.random() < 0.08:
            if inc.extension_request is None and s not in (Status.NEW, Status.REFERRED):
                return self._desk(inc, ev.EXTENSION_REQUESTED, hours=24, note="需协调")
            return self._desk(inc, ev.INCIDENT_SUPERVISED, level=rnd.choice(("normal", "yellow", "red")), note="督办")
        if s is Status.NEW:
            roll = rnd.random()
            if roll < 0.15:
                return self._desk(inc, ev.INCIDENT_REFERRED, department=rnd.choice(list(departments())),
                                  note="非警务")
            if roll < 0.2:
                return self._desk(inc, ev.INCIDENT_VOIDED, note="重复报警")
            return self._desk(inc, ev.INCIDENT_ACCEPTED)
        if s in (Status.ACCEPTED, Status.RETURNED):
            return self._dispatch(inc)
        if s in (Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE):
            return self._assignment_step(inc)
        if s in (Status.FEEDBACK, Status.VERIFYING):
            if rnd.random() < 0.1:
                return self._desk(inc, ev.INCIDENT_REWORKED, note="回访不满意")
            if s is Status.FEEDBACK:
                return self._desk(inc, ev.INCIDENT_VERIFYING)
            return self._desk(inc, ev.INCIDENT_CLOSED, outcome="handled", note="已办结")
        signed = inc.referral is not None and inc.referral.status is ReferralStatus.SIGNED
        if signed:
            return self._desk(inc, ev.REFERRAL_FEEDBACK, unit="职能部门", note="已处理")
        return self._desk(inc, ev.REFERRAL_SIGNED)

    def _assignment_step(self, inc: Incident) -> ev.Event:
        live = {a.status: a.worker_id for a in inc.live_assignments()}
        if A.ON_SCENE in live:
            return self._worker(inc, ev.INCIDENT_FEEDBACK, live[A.ON_SCENE])
        if A.SIGNED in live:
            return self._worker(inc, ev.INCIDENT_ARRIVED, live[A.SIGNED])
        if A.DISPATCHED in live:
            if self.rnd.random() < 0.1:
                return self._worker(inc, ev.INCIDENT_RETURNED, live[A.DISPATCHED], note="不在辖区")
            return self._worker(inc, ev.INCIDENT_SIGNED, live[A.DISPATCHED])
        return self._dispatch(inc)

    def _dispatch(self, inc: Incident) -> ev.Event:
        worker = self.rnd.choice([w for w in self.workers if w not in inc.assignments])
        return self._worker(inc, ev.INCIDENT_DISPATCHED, worker, note="请处置")

    def _worker(self, inc: Incident, kind: str, worker: str, note: str = "") -> ev.Event:
        """A field step by ``worker``, or the dispatch naming them."""
        return self.f.step(inc.id, kind, worker, note, step_ms=self.step_ms)

    def _desk(self, inc: Incident, kind: str, **args) -> ev.Event:
        """A desk's command on ``inc`` (a liaison's for a referral step)."""
        return self.f.act(inc.id, kind, step_ms=self.step_ms, **args)
