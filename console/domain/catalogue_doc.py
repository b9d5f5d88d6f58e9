"""The operations table of ``docs/PROTOCOL.md``, generated from the catalogue.

``python -m console.domain.catalogue_doc --write docs/PROTOCOL.md`` rewrites the table between the
marker comments; ``--check`` exits 1 when the doc and the catalogue differ; no option prints the table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from console.domain.args import Field
from console.domain.catalogue import OPERATIONS, Operation
from console.domain.workers import Role

BEGIN = "<!-- catalogue:operations begin (python -m console.domain.catalogue_doc --write docs/PROTOCOL.md) -->"
END = "<!-- catalogue:operations end -->"
HEADER = "| op | 中文 | args | roles | events |\n| --- | --- | --- | --- | --- |"

# how the doc names roles, in the order it lists them: "field" when both field roles may
ROLE_NAMES = (
    ({Role.DISPATCHER}, "dispatcher"), ({Role.OFFICER}, "officer"), ({Role.STATION_CHIEF}, "chief"),
    ({Role.GRID_WORKER, Role.FIELD_GATEWAY}, "field"), ({Role.POLICE_UNIT}, "police unit"),
    ({Role.GRID_WORKER}, "grid worker"),
    ({Role.FIELD_GATEWAY}, "field gateway"), ({Role.LIAISON}, "liaison"), ({Role.TRAINER}, "trainer"),
    ({Role.ADMIN}, "admin"), ({Role.SYSTEM}, "the relay"), ({Role.PUBLIC}, "the public e码 listener"),
)


def operations_table(operations: Iterable[Operation]) -> str:
    """The markdown table: one row per operation, in catalogue order."""
    return "\n".join([HEADER, *(_row(op) for op in operations)])


def with_table(doc: str, table: str) -> str:
    """``doc`` with the text between the markers replaced by ``table``."""
    start, end = doc.find(BEGIN), doc.find(END)
    if start < 0 or end < start:
        raise ValueError(f"markers missing: {BEGIN!r} … {END!r}")
    return f"{doc[:start]}{BEGIN}\n{table}\n{doc[end:]}"


def _row(op: Operation) -> str:
    cells = [f"`{op.name}`", op.label, _args(op.args), _roles(op), _events(op)]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _args(schema: Mapping[str, Field] | None) -> str:
    if schema is None:
        return "— (the relay only)"
    return ", ".join(_arg(name, spec) for name, spec in schema.items()) or "—"


def _arg(name: str, spec: Field) -> str:
    text = name if spec.required else f"{name}?"
    if spec.visible and spec.required:
        text = f"**{name}**"
    if spec.choices is not None:
        text += f" ({'/'.join(sorted(str(c) for c in spec.choices))})"
    elif spec.low is not None and spec.high is not None:
        text += f" {spec.low:g}–{spec.high:g}"
    return text


def _roles(op: Operation) -> str:
    left, names = set(op.roles), []
    for roles, name in ROLE_NAMES:
        if roles <= left:
            names.append(name)
            left -= roles
    return ", ".join(names) + (f" — {op.rule}" if op.rule else "")


def _events(op: Operation) -> str:
    return " / ".join(f"`{e}`" for e in op.emits) + (f" ({op.doc})" if op.doc else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", type=Path, metavar="DOC", help="rewrite the table in DOC")
    group.add_argument("--check", type=Path, metavar="DOC", help="exit 1 if the table in DOC is stale")
    options = parser.parse_args(argv)
    table = operations_table(OPERATIONS.values())
    path = options.write or options.check
    if path is None:
        print(table)
        return 0
    doc = path.read_text(encoding="utf-8")
    fresh = with_table(doc, table)
    if options.write:
        path.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != doc:
        print(f"{path}: the operations table differs from the catalogue; run with --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
