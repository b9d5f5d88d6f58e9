"""12345 transfers are valid non-police reports; departments answer and return referrals in their own words."""

from __future__ import annotations

import random
from collections import Counter

from console.domain.catalogue import validate_args
from console.domain.incidents import categories, departments
from console.field.district import generate_district
from console.field.hotline import TransferGenerator, department_feedback, handling_unit, return_opinion


def test_transfers_are_valid_12345_reports_at_standard_addresses():
    district = generate_district(3, 24).district
    codes = {a.code for a in district.addresses}
    gen = TransferGenerator(random.Random(2), district)
    transfers = [gen.make() for _ in range(1000)]
    for t in transfers:
        assert validate_args("incident.report", t) is t
        assert t["source"] == "12345" and t["category"] in categories()
        assert t["category"][:2] in ("50", "60", "95")
        assert t["address_code"] in codes and len(t["caller"]) == 11
        assert t["narrative"].strip() and "{" not in t["narrative"]
    mix = Counter(t["category"][:2] for t in transfers)
    assert mix["60"] > mix["50"] > 0 and mix["95"] > 0
    assert len({t["caller"] for t in transfers}) > 990


def test_every_department_answers_with_a_unit_and_returns_with_an_opinion():
    rng = random.Random(3)
    for code, name in departments().items():
        assert department_feedback(rng, code).strip()
        assert handling_unit(rng, code).strip()
        opinions = {return_opinion(rng, code) for _ in range(50)}
        assert all(o.strip() and "{" not in o for o in opinions)
        assert not any(f"转{name}部门" in o for o in opinions), "never sends it back to itself"
