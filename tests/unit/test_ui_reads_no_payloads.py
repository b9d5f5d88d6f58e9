"""Widgets refresh from change sets and typed payloads: nothing in console/ui parses raw event data."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "console" / "ui"
RAW = re.compile(r"\.data\[|\.data\.get\(|type\.startswith\(")


def test_no_widget_reads_raw_event_data_or_type_prefixes():
    found = [f"{path.relative_to(UI)}:{n}: {line.strip()}" for path in sorted(UI.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if RAW.search(line)]
    assert found == []
    assert RAW.search('e.data["incident"]') and RAW.search("e.type.startswith('x')")  # the pattern still bites
