"""Composite score and grades (thresholds are inclusive), and the KPI configuration file."""

from __future__ import annotations

import json

import pytest

from console.domain.summary import KpiValue
from console.kpi.config import DEFAULT_WEIGHTS, KpiConfig, KpiConfigError, default_config, load_config, parse_config
from console.kpi.definitions import KPIS
from console.kpi.grading import composite_score, grade


def kv(code: str, value: float | None) -> KpiValue:
    k = KPIS[code]
    return KpiValue(code, k.name, 0, 0, value, k.unit, k.higher_is_better)


@pytest.mark.parametrize(("score", "expected"), [
    (100.0, "好"), (90.0, "好"), (89.999999, "较好"), (80.0, "较好"), (79.99, "一般"), (60.0, "一般"),
    (59.999, "差"), (0.0, "差"), (None, None),
])
def test_grades_at_the_threshold_edges(score, expected):
    assert grade(score, KpiConfig()) == expected


def test_default_weights_reach_exactly_ninety():
    # 0.25 × 0.9 + 0.40 × 0.9 + 0.35 × 0.9 = 0.9: floating sums must not slip to 89.999…
    values = {c: kv(c, 0.9) for c in DEFAULT_WEIGHTS}
    score = composite_score(values, KpiConfig())
    assert score == 90.0 and grade(score, KpiConfig()) == "好"


def test_score_renormalises_over_defined_rates_and_inverts_lower_is_better():
    config = KpiConfig(weights={"on_time_close_rate": 0.5, "overdue_rate": 0.5, "close_rate": 1.0})
    values = {"on_time_close_rate": kv("on_time_close_rate", 0.8), "overdue_rate": kv("overdue_rate", 0.4),
              "close_rate": kv("close_rate", None)}
    assert composite_score(values, config) == pytest.approx(100 * (0.5 * 0.8 + 0.5 * 0.6))
    assert composite_score({"close_rate": kv("close_rate", None)}, config) is None
    over = {"on_time_close_rate": kv("on_time_close_rate", 1.7)}  # e.g. 信息采集率 over quota is capped
    assert composite_score(over, config) == 100.0


def test_config_from_json_and_toml(tmp_path):
    raw = {"weights": {"close_rate": 2, "overdue_rate": 1}, "grades": [["优秀", 95], ["合格", 60], ["不合格", 0]],
           "sign_limit_minutes": 15, "records_per_worker_day": 3, "coverage_share": 0.5, "duty_hours": [7, 19]}
    (tmp_path / "kpi.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "kpi.toml").write_text(
        'sign_limit_minutes = 15\nrecords_per_worker_day = 3\ncoverage_share = 0.5\nduty_hours = [7, 19]\n'
        'grades = [["优秀", 95], ["合格", 60], ["不合格", 0]]\n[weights]\nclose_rate = 2\noverdue_rate = 1\n',
        encoding="utf-8")
    from_json, from_toml = load_config(tmp_path / "kpi.json"), load_config(tmp_path / "kpi.toml")
    assert from_json == from_toml
    assert from_json.sign_limit_ms == 15 * 60_000 and from_json.duty_hours == (7, 19)
    assert grade(95, from_json) == "优秀" and grade(94.9, from_json) == "合格"


def test_environment_names_the_config_file(tmp_path, monkeypatch):
    path = tmp_path / "k.json"
    path.write_text('{"coverage_share": 0.9}', encoding="utf-8")
    monkeypatch.setenv("JINGWANG_KPI_CONFIG", str(path))
    assert default_config().coverage_share == 0.9
    monkeypatch.delenv("JINGWANG_KPI_CONFIG")
    assert default_config() == KpiConfig()


@pytest.mark.parametrize(("raw", "problem"), [
    ({"weights": {"avg_response_min": 1}}, "not a rate KPI"),
    ({"weights": {"close_rate": -1}}, "weights.close_rate"),
    ({"weights": {"close_rate": 0}}, "must not all be zero"),
    ({"grades": [["好", 90], ["差", 10]]}, "last grade's minimum must be 0"),
    ({"grades": [["好", 60], ["较好", 80], ["差", 0]]}, "strictly decrease"),
    ({"coverage_share": 1.5}, "coverage_share"),
    ({"duty_hours": [18, 8]}, "duty_hours"),
    ({"sign_limit": 30}, "unknown keys"),
    ([], "top level"),
])
def test_bad_config_names_the_problem(raw, problem):
    with pytest.raises(KpiConfigError, match=problem):
        parse_config(raw, "kpi.json")


def test_unreadable_config_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(KpiConfigError, match=r"bad\.json"):
        load_config(path)


def test_facts_presence_and_grading_stay_pure():
    """The parts the relay's commit path and any client use import no Qt, SQL or sockets."""
    import subprocess
    import sys

    code = ("import sys; import console.domain.kpi_facts, console.domain.presence, console.kpi.grading; "
            "print(' '.join(m for m in ('PySide6', 'sqlalchemy', 'websockets') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == []
