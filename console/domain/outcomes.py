"""处理结果: how an incident ended, chosen when it is closed (办结).

DOMAIN.md gives no national list; these are the outcome categories 110 desks commonly record. A
closing needs one of them and a note (what was done); events written before outcomes existed have
none and read as "" (未记录).
"""

from __future__ import annotations

OUTCOMES: dict[str, str] = {
    "handled": "已处置",
    "mediated": "已调解",
    "transferred": "已移交",
    "unfounded": "查无此事",
    "duplicate": "重复报警",
    "other": "其他",
}


def outcome_label(code: str) -> str:
    """The Chinese label of an outcome code; 未记录 for a closing without one (older events)."""
    if not code:
        return "未记录"
    return OUTCOMES.get(code, code)
