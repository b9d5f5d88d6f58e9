"""Generated ID numbers and unified social credit codes always pass the domain's checks."""

from __future__ import annotations

import random
from datetime import date

from console.domain.records import credit_code_problem, id_number_problem
from console.field.codes import (
    LOCAL_REGIONS,
    MIGRANT_REGIONS,
    birth_date,
    credit_check_char,
    credit_code,
    id_check_char,
    id_number,
    org_check_char,
)


def test_check_characters_match_the_standards_worked_examples():
    assert id_check_char("11010519491231002") == "X"  # GB 11643
    assert org_check_char("M000100Y") == "4"  # GB 11714
    assert credit_check_char("91350100M000100Y4") == "3"  # GB 32100


def test_id_numbers_are_valid_and_encode_region_birth_and_sex():
    rng = random.Random(11)
    for i in range(3000):
        region = rng.choice(LOCAL_REGIONS + MIGRANT_REGIONS)
        born = date(2000, 2, 29) if i == 0 else birth_date(rng, 1930, 2010)
        male = rng.random() < 0.5
        value = id_number(rng, region, born, male)
        assert id_number_problem(value) is None, value
        assert value[:6] == region and value[6:14] == f"{born:%Y%m%d}"
        assert int(value[16]) % 2 == (1 if male else 0)


def test_a_changed_id_number_fails_the_check():
    value = id_number(random.Random(1), "320508", date(1985, 6, 1), male=True)
    wrong = value[:17] + next(c for c in "0123456789X" if c != value[17])
    assert id_number_problem(wrong) is not None


def test_birth_dates_stay_inside_the_years_asked_for():
    rng = random.Random(2)
    dates = [birth_date(rng, 1968, 2004) for _ in range(2000)]
    assert min(dates) >= date(1968, 1, 1) and max(dates) <= date(2004, 12, 31)
    assert len({d.year for d in dates}) == 2004 - 1968 + 1


def test_credit_codes_are_valid_with_a_valid_organisation_code_inside():
    rng = random.Random(5)
    seen_kinds = set()
    for _ in range(3000):
        individual = rng.random() < 0.5
        value = credit_code(rng, "320508", individual)
        assert credit_code_problem(value) is None, value
        assert value[:8] == ("92" if individual else "91") + "320508"
        assert org_check_char(value[8:16]) == value[16]
        seen_kinds.add(value[8:10] == "MA")
    assert seen_kinds == {True, False}, "both old-style and MA organisation codes"
