"""The English catalogue is complete: every console text has a translation, and none is missing from it.

Fails when someone adds or changes a user-visible string without running
``python -m console.ui.i18n.catalogue update`` and translating the new messages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from console.ui.i18n.catalogue import ROOT, read_ts, ts_path
from console.ui.i18n.extract import extract

PLACEHOLDER = re.compile(r"\{[^}]*\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def committed():
    return read_ts(ts_path("en"))


def test_every_message_is_translated(committed):
    assert len(committed) > 600
    missing = sorted(source for (_, source), text in committed.items() if not text)
    assert not missing, f"untranslated (unfinished) messages: {missing[:20]}"


def test_translations_keep_placeholders_and_contain_no_chinese(committed):
    allowed = {"张伟", "城管", "斗殴"}  # examples of what the user may type, kept in Chinese on purpose
    for (context, source), text in committed.items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (context, source)
        assert not CJK.search(re.sub("|".join(allowed), "", text)), (context, source, text)


def test_catalogue_matches_the_code(committed):
    found = extract(ROOT)
    new = sorted(set(found.messages) - set(committed))
    stale = sorted(set(committed) - set(found.messages))
    assert not new, f"texts in the code missing from the catalogue (run the catalogue update): {new[:20]}"
    assert not stale, f"texts in the catalogue no longer in the code: {stale[:20]}"


def test_lupdate_finds_no_text_the_catalogue_lacks(committed, tmp_path):
    """Qt's own extractor over the same sources: every text it finds is in the catalogue (by source text;
    lupdate misplaces the contexts of the project's ``tr(text, context)`` helper, see extract.py)."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate not installed beside this Python")
    sources = [str(p) for p in sorted((ROOT / "console" / "ui").rglob("*.py"))]
    out = tmp_path / "lupdate.ts"
    subprocess.run([str(lupdate), "-silent", *sources, "-ts", str(out)], check=True, cwd=ROOT)
    contexts = {context for context, _ in committed}  # lupdate reads translate("Ctx", variable) as text "Ctx"
    theirs = {source for _, source in read_ts(out)} - contexts
    ours = {source for _, source in committed}
    assert len(theirs) > 500
    assert sorted(theirs - ours) == []
