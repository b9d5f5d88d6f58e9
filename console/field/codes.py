"""Valid national identifiers for simulated people and businesses.

* Resident ID numbers (GB 11643): region (6) + birth date (8) + sequence (3, odd for men) + check.
* Unified social credit codes (GB 32100): registering authority (1) + kind (1) + region (6) +
  organisation code (9, GB 11714, with its own check) + check.

Every function draws only from the ``random.Random`` it is given.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# County-level region codes (GB/T 2260). Locals are from Suzhou; migrants from the provinces
# that send most workers to Suzhou (northern Jiangsu, Anhui, Henan, Sichuan, Hunan, Shandong, Hubei).
LOCAL_REGIONS = ("320508", "320508", "320508", "320505", "320506", "320507", "320509", "320581", "320583", "320585")
MIGRANT_REGIONS = ("321322", "320382", "341221", "341222", "341321", "411521", "411624", "511321", "430524",
                   "371321", "420921")

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(body: str) -> str:
    """The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body))
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def id_number(rng: random.Random, region: str, birth: date, male: bool) -> str:
    """An 18-character ID number; the sequence number is odd for men and even for women."""
    sequence = 2 * rng.randrange(500) + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + id_check_char(body)


def birth_date(rng: random.Random, first_year: int, last_year: int) -> date:
    """A uniformly drawn date from 1 January ``first_year`` to 31 December ``last_year``."""
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days + 1))


def org_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_check_char(body: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(_CREDIT_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def credit_code(rng: random.Random, region: str, individual: bool) -> str:
    """A unified social credit code of a market registration: a company (91) or a sole trader (92)."""
    if rng.random() < 0.6:  # issued since 2015: the organisation code starts with MA
        org = "MA" + "".join(rng.choice(_CREDIT_CHARS[:20]) for _ in range(6))
    else:
        org = "".join(rng.choice("0123456789") for _ in range(8))
    body = f"9{'2' if individual else '1'}{region}{org}{org_check_char(org)}"
    return body + credit_check_char(body)
