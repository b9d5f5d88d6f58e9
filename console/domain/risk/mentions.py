"""Which key persons (重点人员) a report names: a 触圈预警 when an incident's narrative or a submission's text
names a key person of the station, by ID number or by name.

An ID number in the text names its person. A name names a person unless the text gives ID numbers and the
person's (known) number is not among them: a namesake with another number is someone else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from console.domain.risk.model import KeyPerson

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MIN_NAME = 2  # a one-character "name" would match everything


def report_text(fields: dict) -> str:
    """The text a submission's fields give (every text value but codes of places)."""
    return "\n".join(str(v) for k, v in fields.items() if isinstance(v, str) and k != "address_code")


def named(text: str, persons: Iterable[KeyPerson]) -> list[tuple[KeyPerson, str]]:
    """The key persons ``text`` names with how (身份证号 or 姓名), in the order given."""
    if not text:
        return []
    numbers = {n.upper() for n in ID_NUMBER.findall(text)}
    out = []
    for p in persons:
        number = p.id_number.strip().upper()
        if number and number in numbers:
            out.append((p, "身份证号"))
        elif len(p.name) >= MIN_NAME and p.name in text and not (numbers and number):
            out.append((p, "姓名"))
    return out
