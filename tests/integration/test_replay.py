"""Replay over a real store: the state at t is the log folded up to t, equal to what a live console held."""

from __future__ import annotations

import itertools

import pytest

from console.domain import events as ev
from console.domain.decide import Actor, decide
from console.domain.events import Event
from console.domain.passwords import hash_password
from console.domain.state import State, apply
from console.domain.workers import Role
from console.field.simulator import FieldSimulator
from console.field.work import WorkRates
from console.net.client import CommandRefused, RelayClient
from console.replay import Replay, engine, incident_range
from console.replay import fixes as columnar
from console.replay.fixes import Fixes
from console.services.demo_seed import DEMO_PASSWORD, demo_accounts
from console.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until

T0 = 1_763_800_000_000
DESK = Actor("d01", Role.DISPATCHER)
GATEWAY = Actor("fieldsim", Role.FIELD_GATEWAY)
TRAINER = Actor("t01", Role.TRAINER)


def normalized(state: State) -> dict:
    """The snapshot with every list in a canonical order (live and replay fill dicts in different orders)."""
    snap = state.to_snapshot()
    del snap["district"], snap["workers"]
    return {k: sorted(v, key=repr) if isinstance(v, list) else v for k, v in snap.items()}


class Story:
    """Commands decided against a state and committed one batch per second, as the relay would."""

    def __init__(self, store: Store) -> None:
        self.store, self.state, self.at = store, store.load_state(), T0
        self.committed: list[Event] = []

    def tick(self, *commands: tuple[Actor, str, dict], seconds: int = 1) -> list[Event]:
        self.at += seconds * 1000
        batch = []
        for actor, op, args in commands:
            seq = self.state.seq + 1
            event_type, data = decide(self.state, actor, op, args, self.at, seq)
            event = Event(seq, self.at, event_type, actor.account, data)
            apply(self.state, event)
            batch.append((event, f"k{seq}"))
        self.store.commit(batch, self.state)
        self.committed += [e for e, _ in batch]
        return [e for e, _ in batch]


def fix(worker: str, i: int) -> tuple[Actor, str, dict]:
    return GATEWAY, "position.report", {"worker": worker, "lng": round(120.6 + i * 1e-4, 7), "lat": 31.3, "speed": 1.5}


@pytest.fixture
def story(seeded_db, monkeypatch):
    """A few minutes of a desk and two workers; small checkpoint interval so seeks cross checkpoints."""
    monkeypatch.setattr(engine, "CHECKPOINT_EVERY", 3)
    db_url, demo = seeded_db
    store = Store(db_url)
    w1, w2 = [w.id for w in demo.workers if w.kind.value == "grid_worker"][:2]
    s = Story(store)
    s.tick((GATEWAY, "worker.duty", {"worker": w1, "on": True}), (GATEWAY, "worker.duty", {"worker": w2, "on": True}))
    for i in range(5):
        s.tick(fix(w1, i), fix(w2, -i))
    lng, lat = demo.district.addresses[0].lng, demo.district.addresses[0].lat
    incident = s.tick((DESK, "incident.report", {"category": "200200", "lng": lng, "lat": lat, "narrative": "纠纷"}))[0]
    incident = incident.data["incident"]
    s.tick((DESK, "incident.accept", {"incident": incident}), fix(w1, 5))
    s.tick((DESK, "incident.dispatch", {"incident": incident, "worker": w1}), seconds=30)
    for i in range(6, 12):
        s.tick(fix(w1, i), seconds=20)  # w2 falls silent: its last fix stays its position, at any age
    s.tick((GATEWAY, "incident.sign", {"incident": incident, "worker": w1}), fix(w1, 12))
    s.tick((GATEWAY, "incident.arrive", {"incident": incident, "worker": w1}))
    s.tick((GATEWAY, "incident.feedback", {"incident": incident, "worker": w1, "note": "已调解"}), fix(w1, 13))
    s.tick((DESK, "incident.verify", {"incident": incident}),
           (DESK, "incident.close", {"incident": incident, "outcome": "mediated", "note": "已调解"}))
    s.tick((GATEWAY, "worker.duty", {"worker": w2, "on": False}), fix(w1, 14), seconds=60)
    yield s, incident, (w1, w2)
    store.dispose()


def folded_until(store: Store, events: list[Event], t_ms: int) -> State:
    """The reference answer: the whole log folded event by event up to ``t_ms``."""
    state = store.load_reference()
    for e in events:
        if e.at <= t_ms:
            apply(state, e)
    return state


def test_state_at_any_moment_is_the_log_folded_up_to_it(story):
    s, _, _ = story
    events = s.store.events_after(0, limit=10_000)
    assert [e.to_wire() for e in events] == [e.to_wire() for e in s.committed]
    start, end = T0 + 500, s.at + 5_000
    replay = Replay(s.store, start, end)
    assert len(replay._checkpoints) > 3
    moments = sorted({start, end, *(e.at for e in events), *(e.at - 1 for e in events), *(e.at + 400 for e in events)})
    for t in moments:
        expected = folded_until(s.store, events, max(min(t, end), start))
        assert normalized(replay.state_at(t)) == normalized(expected), f"t = T0 + {t - T0}"
        assert replay.state_at(t).seq == expected.seq
    # the play path: a seek, then successive windows folded in, stays equal to a seek
    state, t = replay.state_at(start), start
    for step in (700, 1000, 2500, 20_000, 61_000, 90_000):
        window = replay.events_between(t, t + step, positions=True)
        assert [e.seq for e in window] == sorted(e.seq for e in events if t < e.at <= t + step)
        for e in window:
            apply(state, e)
        t += step
        assert normalized(state) == normalized(replay.state_at(t))
    assert replay.events_between(start, end) == [e for e in events if e.type != ev.POSITION_REPORTED]
    assert replay.positions_between(start, end) == [e for e in events if e.type == ev.POSITION_REPORTED]
    assert replay.marks() == [(e.at, e.type) for e in events if e.type != ev.POSITION_REPORTED]
    assert replay.recordings() == []


def as_rows(fixes: Fixes) -> list[tuple]:
    return list(zip(*(getattr(fixes, name).tolist() for name in columnar.COLUMNS), strict=True))


def test_playing_positions_as_columns_ends_in_the_state_the_events_give(story):
    s, _, (w1, w2) = story
    odd = s.tick((GATEWAY, "position.report", {"worker": w2, "lng": 120.600000012345, "lat": 31.3, "heading": 90}),
                 fix(w1, 15))  # more than 7 decimals and an int heading: kept in ``extra``, decoded exactly
    events = s.store.events_after(0, limit=10_000)
    start, end = T0 + 500, s.at + 5_000
    replay = Replay(s.store, start, end)
    positions = replay.positions_between(start, end)
    found = replay.fixes_between(start, end)
    assert as_rows(found) == as_rows(Fixes.of_events(positions))
    assert [found.odd[k] for k in sorted(found.odd)] == [odd[0]]
    state, t = replay.state_at(start), start
    for step in (700, 1000, 2500, 20_000, 61_000, 90_000, 300_000):
        fixes = replay.fixes_between(t, t + step)
        assert fixes.seq.tolist() == [e.seq for e in events if e.type == ev.POSITION_REPORTED and t < e.at <= t + step]
        columnar.fold(state, replay.events_between(t, t + step), fixes)
        t += step
        assert normalized(state) == normalized(replay.state_at(t)) == normalized(folded_until(s.store, events, t))
        assert state.seq == replay.state_at(t).seq
    assert state.positions[w2].heading == 90 and type(state.positions[w2].heading) is int  # the reducer's own step


def test_an_incident_range_marks_only_that_incident_and_its_worker(story):
    s, incident, (w1, w2) = story
    start, end = incident_range(s.store, incident)
    mine = [e for e in s.committed if e.data.get("incident") == incident]
    assert start < mine[0].at and end > mine[-1].at
    replay = Replay(s.store, start, end, incident=incident)
    assert replay.marks() == [(e.at, e.type) for e in mine]
    tracks = replay.tracks(start, end)
    assert list(tracks) == [w1]
    assert tracks[w1] == [(e.at, e.data["lng"], e.data["lat"]) for e in s.committed
                          if e.type == ev.POSITION_REPORTED and e.data["worker"] == w1 and start < e.at <= end]
    unfiltered = Replay(s.store, T0, s.at)
    assert set(unfiltered.tracks(T0, s.at)) == {w1, w2} and len(unfiltered.marks()) > len(replay.marks())
    trail = replay.fixes_between(start, end, incident_only=True)
    assert trail.worker.tolist() == [w1] * len(tracks[w1]) and trail.at.tolist() == [at for at, _, _ in tracks[w1]]
    assert set(unfiltered.fixes_between(T0, s.at, incident_only=True).worker.tolist()) == {w1, w2}


def test_bookmarks_come_from_the_log_within_the_range(story):
    s, incident, _ = story
    s.tick((TRAINER, "replay.bookmark_add", {"at": T0 + 2_000, "note": "到岗情况"}),
           (TRAINER, "replay.bookmark_add", {"at": T0 + 60_000, "note": "派警", "incident": incident}),
           (TRAINER, "replay.bookmark_add", {"at": T0 + 10 * 60_000, "note": "范围之外"}), seconds=900)
    replay = Replay(s.store, T0, T0 + 5 * 60_000)
    assert [(b.at, b.note, b.by) for b in replay.bookmarks()] == [(T0 + 2_000, "到岗情况", "t01"),
                                                                   (T0 + 60_000, "派警", "t01")]
    assert (ev.BOOKMARK_ADDED not in {kind for _, kind in replay.marks()})
    removed = replay.bookmarks()[0].id
    s.tick((TRAINER, "replay.bookmark_remove", {"bookmark": removed}))
    assert [b.note for b in replay.bookmarks()] == ["派警"]  # read fresh: shared as soon as committed


class LiveConsole:
    """A console's live state, kept by the real client exactly as the UI keeps it, recorded after each delivery."""

    def __init__(self, url: str) -> None:
        self.state: State | None = None
        self.recorded: list[tuple[int, int, dict]] = []  # (seq, at of that event, normalized state)
        self.client = RelayClient(url, "d02", DEMO_PASSWORD, on_snapshot=self._snapshot, on_events=self._events)

    def _snapshot(self, snap: dict) -> None:
        self.state = State.from_snapshot(snap)

    def _events(self, events: list[Event]) -> None:
        for e in events:
            apply(self.state, e)
        self.recorded.append((self.state.seq, events[-1].at, normalized(self.state)))


def test_replay_equals_the_live_state_a_console_recorded(seeded_db):
    db_url, demo = seeded_db
    clock = [0.0]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            console = LiveConsole(relay.url)
            console.client.start()
            await console.client.wait_live()
            gateway = RelayClient(relay.url, "fieldsim", "fieldsim")
            sim = FieldSimulator(gateway, demo, seed=5, interval_s=5.0, report_interval_s=20.0,
                                 submission_interval_s=40.0, rates=WorkRates(incident_return=0, extension=0),
                                 clock=lambda: clock[0])
            gateway.start()
            await sim.start()
            dispatched: set[str] = set()
            for _ in range(60):  # five simulated minutes, five seconds a tick
                clock[0] += 5.0
                sim.tick(clock[0])
                await wait_until(lambda: gateway.pending_count == 0, what="relay acknowledged the tick")
                for e in desk.of_type(ev.INCIDENT_REPORTED):
                    incident = e.data["incident"]
                    if incident not in dispatched and len(dispatched) < 4:
                        dispatched.add(incident)
                        worker = next(iter(sim.workers))
                        await desk.cmd("incident.accept", incident=incident)
                        await desk.cmd("incident.dispatch", incident=incident, worker=worker, force=True)
            head = relay.writer.state.seq
            await wait_until(lambda: console.state is not None and console.state.seq == head, what="console caught up")
            await gateway.close()
            await console.client.close()
            return console.recorded

    recorded = run(scenario(), timeout=180)
    store = Store(db_url)
    try:
        events = store.events_after(0, limit=100_000)
        assert {ev.POSITION_REPORTED, ev.INCIDENT_DISPATCHED, ev.INCIDENT_SIGNED} <= {e.type for e in events}
        replay = Replay(store, events[0].at - 1, events[-1].at + 1)
        next_at = {e.seq: n.at for e, n in itertools.pairwise(events)}
        # moments where the console's view ended a millisecond: every later event is stamped later
        clean = [(seq, at, snap) for seq, at, snap in recorded if next_at.get(seq, at + 1) > at]
        assert len(clean) >= 10
        for seq, at, snap in [*clean[:: max(1, len(clean) // 12)], clean[-1]]:
            replayed = replay.state_at(at)
            assert replayed.seq == seq
            assert normalized(replayed) == snap, f"seq {seq}"
        last = clean[-1][2]
        assert last["positions"] and last["on_duty"] and any(i["assignments"] for i in last["incidents"])
    finally:
        store.dispose()


def test_trainer_bookmarks_are_shared_and_live_commands_refused(seeded_db):
    db_url, demo = seeded_db
    store = Store(db_url)
    second_trainer = ("t02", hash_password(DEMO_PASSWORD), "trainer", None, "教官二", "")
    store.seed(demo.district, demo.workers, [*demo_accounts(demo), second_trainer])
    worker = next(w.id for w in demo.workers if w.kind.value == "grid_worker")
    live = [("incident.report", {"category": "200200", "lng": 120.62, "lat": 31.31}),
            ("position.report", {"worker": worker, "lng": 120.62, "lat": 31.31}),
            ("worker.duty", {"worker": worker, "on": True}),
            ("zone.set", {"name": "区", "polygon": [[120.6, 31.3], [120.7, 31.3], [120.7, 31.4]]}),
            ("order.issue", {"worker": worker, "kind": "patrol", "target": "x", "due_hours": 2})]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "t01") as t1, Recorder(relay.url, "t02") as t2:
            head = relay.writer.state.seq
            for op, args in live:
                with pytest.raises(CommandRefused) as refused:
                    await t1.client.request(op, args)
                assert refused.value.code == "E_FORBIDDEN", (op, refused.value.error)
            assert relay.writer.state.seq == head and store.head() == head
            ack = await t1.cmd("replay.bookmark_add", at=T0, note="处置要点")
            await wait_until(lambda: t2.of_type(ev.BOOKMARK_ADDED), what="the other trainer sees it")
            assert t2.of_type(ev.BOOKMARK_ADDED)[0].seq == ack["seq"]
            return t2.of_type(ev.BOOKMARK_ADDED)[0].data["bookmark"]

    bookmark = run(scenario())
    assert [b.note for b in Replay(store, T0 - 1, T0 + 1).bookmarks()] == ["处置要点"]

    async def after_restart():
        async with running_relay(db_url) as relay, Recorder(relay.url, "t02") as t2:
            assert bookmark in relay.writer.state.bookmarks
            await t2.cmd("replay.bookmark_remove", bookmark=bookmark)

    run(after_restart())
    assert Replay(store, T0 - 1, T0 + 1).bookmarks() == []
    store.dispose()

