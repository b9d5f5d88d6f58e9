"""The field simulator works a dispatched order through the real relay: sign, go there, feed back."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.geo import distance_m
from console.field.simulator import FieldSimulator
from console.field.work import WorkRates
from console.net.client import RelayClient
from tests.integration.harness import Recorder, run, running_relay, wait_until


def test_simulated_worker_signs_walks_and_reports_back(seeded_db):
    db_url, demo = seeded_db
    clock = [0.0]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            client = RelayClient(relay.url, "fieldsim", "fieldsim")
            sim = FieldSimulator(client, demo, seed=3, interval_s=5.0, report_interval_s=1e9, submission_interval_s=1e9,
                                 rates=WorkRates(incident_return=0, extension=0), clock=lambda: clock[0])
            client.start()
            await sim.start()
            await wait_until(lambda: len(desk.of_type(ev.DUTY_SET)) == len(sim.workers), what="all on duty")

            worker = next(iter(sim.workers.values())).worker
            far_grid = next(g for g in demo.district.grids if g.code != worker.grid_code)
            lng, lat = far_grid.polygon[0]
            await desk.cmd("incident.report", category="200200", priority=2, lng=lng, lat=lat, narrative="纠纷")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED))
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.accept", incident=incident)
            await desk.cmd("incident.dispatch", incident=incident, worker=worker.id)
            await wait_until(lambda: sim.workers[worker.id].jobs, what="simulator took the order")

            for _ in range(2000):  # simulated seconds, five at a time
                clock[0] += 5.0
                sim.tick(clock[0])
                await wait_until(lambda: client.pending_count == 0, what="relay acknowledged the tick")
                if desk.of_type(ev.INCIDENT_FEEDBACK):
                    break
            await desk.cmd("incident.verify", incident=incident)
            await desk.cmd("incident.close", incident=incident, outcome="handled", note="已处置")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_CLOSED))
            await client.close()
            return desk, worker.id, incident, (lng, lat), sim.refused

    desk, worker_id, incident, target, refused = run(scenario(), timeout=120)
    mine = [e.type for e in desk.events if e.data.get("incident") == incident]
    assert mine == [ev.INCIDENT_REPORTED, ev.INCIDENT_ACCEPTED, ev.INCIDENT_DISPATCHED, ev.INCIDENT_SIGNED,
                    ev.INCIDENT_ARRIVED, ev.INCIDENT_FEEDBACK, ev.INCIDENT_VERIFYING, ev.INCIDENT_CLOSED]
    arrived_seq = desk.of_type(ev.INCIDENT_ARRIVED)[0].seq
    fixes = [e for e in desk.of_type(ev.POSITION_REPORTED) if e.data["worker"] == worker_id and e.seq < arrived_seq]
    assert distance_m((fixes[-1].data["lng"], fixes[-1].data["lat"]), target) < 30, "it went there"
    assert distance_m((fixes[0].data["lng"], fixes[0].data["lat"]), target) > 200, "from somewhere else"
    assert refused == 0


def test_reports_arrive_at_the_configured_rate_from_any_clock_origin(seeded_db):
    _, demo = seeded_db
    clock = [1_000_000.0]  # a monotonic clock far from zero, as on a machine that has been up for days
    client = RelayClient("ws://127.0.0.1:9", "x", "y")  # never started: we only count what it would send
    sim = FieldSimulator(client, demo, seed=3, interval_s=1e9, report_interval_s=30.0, submission_interval_s=1e9,
                         clock=lambda: clock[0])
    filed = []
    sim._file_report = lambda: filed.append(clock[0])
    for _ in range(3600):  # one simulated hour, a tick per second
        clock[0] += 1.0
        sim.tick(clock[0])
    assert 80 <= len(filed) <= 160, f"{len(filed)} reports in an hour at a 30 s mean"
