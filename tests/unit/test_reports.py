"""Generated incident reports, 110 calls and the Poisson schedule."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from console.domain.catalogue import validate_args
from console.domain.incidents import Source, categories
from console.domain.workers import WorkerKind
from console.field.district import generate_district
from console.field.reports import ReportGenerator, ReportSchedule


@pytest.fixture(scope="module")
def demo():
    return generate_district(7, 200)


def _reports(demo, seed=1, n=2000):
    gen = ReportGenerator(random.Random(seed), demo)
    rng = random.Random(seed + 100)
    workers = [w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER]
    addrs = {a.grid_code: a for a in demo.district.addresses}
    out = []
    for _ in range(n):
        w = rng.choice(workers)
        a = addrs[w.grid_code]
        out.append((w, (a.lng, a.lat), gen.make(w, a.lng + 0.0001, a.lat)))
    return out


def test_reports_are_valid_commands(demo):
    cats = categories()
    texts = {a.text: a for a in demo.district.addresses}
    lat = demo.lattice
    for w, (lng, la), r in _reports(demo):
        assert validate_args("incident.report", r) is r
        assert r["worker"] == w.id
        assert r["category"] in cats and len(r["category"]) == 6
        assert "source" not in r, "the relay sets a field report's source"
        assert r["priority"] in (1, 2, 3, 4)
        assert r["narrative"].strip() and "{" not in r["narrative"] and "}" not in r["narrative"]
        addr = texts[r["address"]]
        assert addr.grid_code == w.grid_code
        assert math.dist(lat.to_xy(r["lng"], r["lat"]), lat.to_xy(lng + 0.0001, la)) < 100


def test_report_mix_is_typical_of_grid_work(demo):
    reports = [r for _, _, r in _reports(demo)]
    n = len(reports)
    prio = Counter(r["priority"] for r in reports)
    assert (prio[3] + prio[4]) / n > 0.75
    assert 0 < prio[1] / n < 0.03
    cats = Counter(r["category"] for r in reports)
    assert len(cats) >= 12
    assert cats["200200"] > cats["200600"] > 0 and cats["400200"] > cats["200100"] > 0
    assert sum(v for k, v in cats.items() if k.startswith("60")) / n > 0.2
    assert all(r["priority"] <= 2 for r in reports if r["category"] == "200100")
    assert len({r["narrative"] for r in reports}) > 200


def test_same_seed_same_reports(demo):
    first = [r for _, _, r in _reports(demo, seed=3, n=50)]
    assert first == [r for _, _, r in _reports(demo, seed=3, n=50)]
    assert first != [r for _, _, r in _reports(demo, seed=4, n=50)]


def test_110_calls(demo):
    gen = ReportGenerator(random.Random(8), demo)
    calls = [gen.make_110_call() for _ in range(500)]
    texts = {a.text for a in demo.district.addresses}
    for c in calls:
        assert validate_args("incident.report", c) is c
        assert c["source"] == Source.CALL_110.value and "worker" not in c
        assert c["category"] in categories()
        assert len(c["caller"]) == 11 and c["caller"].isdigit() and c["caller"][0] == "1"
        assert c["address"] in texts and c["narrative"].startswith("报警人称")
    repeats = Counter(c["caller"] for c in calls)
    assert 10 < sum(v - 1 for v in repeats.values()) < 120


def test_schedule_is_poisson():
    sched = ReportSchedule(random.Random(1), mean_interval_s=60.0)
    total, counts = 0, []
    for t in range(5, 100_001, 5):
        n = sched.due(float(t))
        assert n >= 0
        counts.append(n)
        total += n
    expected = 100_000 / 60.0
    assert abs(total - expected) < 5 * math.sqrt(expected)
    # gaps of 5 s with mean 60 s: mostly nothing due, sometimes two at once
    assert counts.count(0) > 0.85 * len(counts) and max(counts) >= 2
    assert sched.due(100_000.0) == 0
    with pytest.raises(ValueError):
        ReportSchedule(random.Random(1), 0)


def test_schedule_catches_up_after_a_gap():
    sched = ReportSchedule(random.Random(2), mean_interval_s=10.0, start_s=1000.0)
    assert sched.due(999.0) == 0
    n = sched.due(11_000.0)
    assert 800 < n < 1200
