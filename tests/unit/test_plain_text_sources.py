"""Text is text, in the sources: no HTML sink in the web client, one way to show text in the console.

The widget test (``tests/ui/test_plain_text.py``) feeds HTML to every view; these checks keep new code
from reaching for a sink it would not catch: ``innerHTML`` and friends in the phone page, and in the
console a bare ``QLabel`` (AutoText guesses HTML), a rich text format, a ``QMessageBox`` or a tooltip
outside :mod:`console.ui.plain`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB_DIRS = [ROOT / "console" / d / "web" for d in ("field", "dept", "ecode", ".")]  # every page, shared modules too
UI = ROOT / "console" / "ui"
HELPER = UI / "plain.py"

WEB_SINKS = re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment)\b"
                       r"|\bdocument\s*\.\s*write(ln)?\b")
UI_SINKS = {
    "a QLabel guesses HTML (AutoText): use PlainLabel, or RichLabel with escape()": re.compile(r"\bQLabel\("),
    "a text format is chosen in console.ui.plain only": re.compile(r"\bsetTextFormat\("),
    "a QMessageBox guesses HTML: use plain.message_box": re.compile(
        r"\bQMessageBox\(|\bQMessageBox\.(warning|critical|information|question|about)\("),
    "a tooltip shown by hand: use plain.show_tip": re.compile(r"\bQToolTip\.showText\("),
    "HTML into a text widget": re.compile(r"\.(setHtml|insertHtml|appendHtml)\("),
    "a text class that guesses or renders HTML": re.compile(r"\b(QTextBrowser|QGraphicsTextItem|QStaticText)\b"),
}


def _code_lines(path: Path):
    """Numbered lines, comments included: a sink is not allowed even in an example."""
    yield from enumerate(path.read_text(encoding="utf-8").splitlines(), 1)


def test_web_client_never_hands_data_to_an_html_parser():
    files = [f for d in WEB_DIRS for f in sorted(d.glob("*.js")) + sorted(d.glob("*.html"))]
    assert {f.name for f in files} >= {"app.js", "call.js", "relay.js", "dept.js", "signin.js", "index.html"}
    found = [f"{f.parent.parent.name}/{f.name}:{n}: {code.strip()}"
             for f in files for n, code in _code_lines(f) if WEB_SINKS.search(code)]
    assert found == [], "use textContent / createElement, never an HTML sink:\n" + "\n".join(found)


def test_the_sink_pattern_catches_what_it_must():
    for line in ('box.innerHTML = note;', 'li.outerHTML = x', 'el.insertAdjacentHTML("beforeend", t)',
                 'document.write(t)', 'document . writeln(t)', 'el("p", {innerHTML: text})',
                 'range.createContextualFragment(t)'):
        assert WEB_SINKS.search(line), line
    for line in ('box.textContent = note;', 'el("p", {className: "meta", textContent: i.narrative})'):
        assert not WEB_SINKS.search(line), line


@pytest.mark.parametrize("why", list(UI_SINKS))
def test_console_shows_text_only_through_the_plain_helper(why):
    pattern = UI_SINKS[why]
    found = [f"{path.relative_to(ROOT)}:{n}: {code.strip()}"
             for path in sorted(UI.rglob("*.py")) if path != HELPER
             for n, code in _code_lines(path) if pattern.search(code)]
    assert found == [], f"{why}:\n" + "\n".join(found)
