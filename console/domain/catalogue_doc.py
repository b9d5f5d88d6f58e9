"""The operations and queries tables of ``docs/PROTOCOL.md``, generated from the catalogues.

``python -m console.domain.catalogue_doc --write docs/PROTOCOL.md`` rewrites each table between its
marker comments; ``--check`` exits 1 when the doc and the catalogues differ; no option prints the tables.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from console.domain.args import Field
from console.domain.catalogue import OPERATIONS, Operation
from console.domain.queries import QUERIES, Query
from console.domain.workers import Role

BEGIN = "<!-- catalogue:operations begin (python -m console.domain.catalogue_doc --write docs/PROTOCOL.md) -->"
END = "<!-- catalogue:operations end -->"
HEADER = "| op | 中文 | args | roles | events |\n| --- | --- | --- | --- | --- |"
Q_BEGIN = "<!-- catalogue:queries begin (python -m console.domain.catalogue_doc --write docs/PROTOCOL.md) -->"
Q_END = "<!-- catalogue:queries end -->"
Q_HEADER = "| query | 中文 | args | roles | result `data` |\n| --- | --- | --- | --- | --- |"

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


def queries_table(queries: Iterable[Query]) -> str:
    """The markdown table of the read queries: one row per query, in catalogue order."""
    rows = (_cells([f"`{q.name}`", q.label, _args(q.args), _role_names(q.roles), q.answer]) for q in queries)
    return "\n".join([Q_HEADER, *rows])


def with_table(doc: str, table: str, begin: str = BEGIN, end_marker: str = END) -> str:
    """``doc`` with the text between the markers replaced by ``table``."""
    start, end = doc.find(begin), doc.find(end_marker)
    if start < 0 or end < start:
        raise ValueError(f"markers missing: {begin!r} … {end_marker!r}")
    return f"{doc[:start]}{begin}\n{table}\n{doc[end:]}"


def with_tables(doc: str) -> str:
    """``doc`` with both generated tables (operations, queries) fresh."""
    doc = with_table(doc, operations_table(OPERATIONS.values()))
    return with_table(doc, queries_table(QUERIES.values()), Q_BEGIN, Q_END)


def _row(op: Operation) -> str:
    return _cells([f"`{op.name}`", op.label, _args(op.args), _roles(op), _events(op)])


def _cells(cells: list[str]) -> str:
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
    return _role_names(op.roles) + (f" — {op.rule}" if op.rule else "")


def _role_names(roles: Iterable[Role]) -> str:
    left, names = set(roles), []
    for group, name in ROLE_NAMES:
        if group <= left:
            names.append(name)
            left -= group
    return ", ".join(names)


def _events(op: Operation) -> str:
    return " / ".join(f"`{e}`" for e in op.emits) + (f" ({op.doc})" if op.doc else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", type=Path, metavar="DOC", help="rewrite the table in DOC")
    group.add_argument("--check", type=Path, metavar="DOC", help="exit 1 if the table in DOC is stale")
    options = parser.parse_args(argv)
    path = options.write or options.check
    if path is None:
        print(operations_table(OPERATIONS.values()), queries_table(QUERIES.values()), sep="\n\n")
        return 0
    doc = path.read_text(encoding="utf-8")
    fresh = with_tables(doc)
    if options.write:
        path.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != doc:
        print(f"{path}: a generated table differs from the catalogues; run with --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
