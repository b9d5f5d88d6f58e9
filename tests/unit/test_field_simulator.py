"""The simulator without a relay: a stub client records the commands; the same seed sends the same ones."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide import Actor, decide
from console.domain.state import State, apply
from console.domain.workers import Role, WorkerKind
from console.field.district import generate_district
from console.field.simulator import FieldSimulator
from console.field.work import DEFAULT_RATES, WorkRates

DESK = Actor("d01", Role.DISPATCHER)
T0_MS = 1_800_000_000_000


class _Ack:
    def add_done_callback(self, callback) -> None:
        """Never called back: the stub relay neither acknowledges nor refuses."""


class StubClient:
    """Stands in for RelayClient: keeps what the simulator sends; the test plays the relay's callbacks."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.on_snapshot = self.on_events = None

    def send_command(self, op: str, args: dict) -> _Ack:
        self.sent.append((op, args))
        return _Ack()


def _commit(state: State, op: str, args: dict) -> ev.Event:
    seq = state.seq + 1
    event_type, data = decide(state, DESK, op, args, T0_MS + seq, seq)
    event = ev.Event(seq, T0_MS + seq, event_type, DESK.account, data)
    apply(state, event)
    return event


def _simulate(seed: int, rates: WorkRates = DEFAULT_RATES) -> tuple[list[tuple[str, dict]], str, str]:
    demo = generate_district(3, 24)
    clock = [0.0]
    client = StubClient()
    sim = FieldSimulator(client, demo, seed=seed, interval_s=5.0, report_interval_s=40.0, submission_interval_s=30.0,
                         rates=rates, clock=lambda: clock[0], wall=lambda: T0_MS + int(clock[0] * 1000))
    relay_state = State(demo.district, {w.id: w for w in demo.workers})
    client.on_snapshot(relay_state.to_snapshot())
    worker = next(w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER)
    house = next(a for a in demo.district.addresses if a.grid_code == worker.grid_code)
    far = next(a for a in demo.district.addresses if a.grid_code != worker.grid_code)
    client.on_events([_commit(relay_state, "order.issue", {"worker": worker.id, "kind": "verify_house",
                                                           "target": house.code, "due_hours": 2})])
    reported = _commit(relay_state, "incident.report", {"category": "200200", "address_code": far.code})
    incident = reported.data["incident"]
    later = [reported, _commit(relay_state, "incident.accept", {"incident": incident}),
             _commit(relay_state, "incident.dispatch", {"incident": incident, "worker": worker.id})]
    for _ in range(3600):  # an hour, a tick a second; the incident comes while the order is in hand
        clock[0] += 1.0
        if clock[0] == 60.0:
            client.on_events(later)
        sim.tick(clock[0])
    return client.sent, worker.id, incident


def test_the_same_seed_sends_the_same_commands_and_another_seed_does_not():
    first, _, _ = _simulate(5)
    assert first == _simulate(5)[0]
    assert first != _simulate(6)[0]


def test_an_incident_breaks_off_the_order_in_hand_and_the_order_is_finished_afterwards():
    sent, worker_id, incident = _simulate(5, WorkRates(incident_return=0, extension=0, order_return=0))
    mine = [op for op, args in sent if args.get("worker") == worker_id and op != "position.report"]
    work = [op for op in mine if op.startswith(("order.", "incident.")) and op != "incident.report"]
    assert work == ["order.sign", "incident.sign", "incident.arrive", "incident.feedback", "order.feedback"]
    feedback = next(args for op, args in sent if op == "order.feedback")
    assert isinstance(feedback["confirmed"], bool) and feedback["note"].strip()
    assert next(args for op, args in sent if op == "incident.feedback")["incident"] == incident


def test_submissions_and_reports_keep_coming_at_their_rates():
    sent, _, _ = _simulate(5)
    ops = [op for op, _ in sent]
    assert 60 <= ops.count("submission.submit") <= 190, "an hour at a 30 s mean"
    assert 45 <= ops.count("incident.report") <= 140, "an hour at a 40 s mean"
    fixes = [fix for op, args in sent if op == "position.batch" for fix in args["fixes"]]
    assert len(fixes) >= 24 * 700 and "position.report" not in ops  # positions go in frames of many fixes
    assert {fix["worker"] for fix in fixes} == {w.id for w in generate_district(3, 24).workers}
