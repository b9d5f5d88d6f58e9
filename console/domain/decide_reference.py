"""The decider of ``reference.upsert``: one chunk of an administrator's import, checked again at the relay."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.reference import RefKind, record_id
from console.domain.reference_checks import Checker
from console.domain.state import State

MAX_ROWS = 1000  # rows in one command; the frame limit (64 KiB) usually binds first
MAX_REPORTED = 20  # problems named in one refusal


def upsert(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Refuse the whole chunk (E_FIELD, naming row and field) if any row is wrong; else the rows that change."""
    kind = RefKind(args["kind"])
    checker = Checker(state, kind)
    rows, problems = [], []
    for i, raw in enumerate(args["rows"], 1):
        checked = checker.check(raw, f"第{i}条")
        problems += [f"第{i}条 {name or '整行'}: {why}" for name, why in checked.problems]
        if checked.changed:
            rows.append(checked.row)
    if problems:
        raise DomainError("E_FIELD", f"{kind.label}导入有误：" + "；".join(problems[:MAX_REPORTED]),
                          problems=problems[:MAX_REPORTED])
    new = 0
    for row in rows:
        if "record" in row and not row["record"]:
            row["record"] = record_id(seq, new)
            new += 1
    data = {"kind": kind.value, "rows": rows, "received": len(args["rows"])}
    if args.get("source"):
        data["source"] = args["source"]
    return ev.REFERENCE_UPSERTED, data
