"""The committed Qt Linguist source ``console/resources/i18n/jingwang_<lang>.ts`` and its compiled ``.qm``.

``python -m console.ui.i18n.catalogue update`` re-extracts the texts (keeping every translation already
written, dropping texts no longer in the code); ``release`` compiles the ``.qm`` files with
``pyside6-lrelease`` (run by ``scripts/setup.sh``, ``make i18n`` and the installer build; never committed).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

from console.ui.i18n.extract import extract

LANGUAGES = ("en",)  # every language with a catalogue; zh_CN is the source language
ROOT = Path(__file__).resolve().parents[3]


def ts_path(language: str) -> Path:
    return Path(str(resources.files("console.resources") / "i18n" / f"jingwang_{language}.ts"))


def read_ts(path: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) → translation; None where it is missing or marked unfinished."""
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            text = node.text if node is not None else None
            done = node is not None and node.get("type") not in ("unfinished", "obsolete", "vanished")
            out[(name, message.findtext("source") or "")] = text if done and text else None
    return out


def write_ts(path: Path, language: str, messages: dict[tuple[str, str], list[str]],
             translations: dict[tuple[str, str], str | None]) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="zh_CN")
    by_context: dict[str, list[str]] = {}
    for context, source in messages:
        by_context.setdefault(context, []).append(source)
    for context in sorted(by_context):
        node = ET.SubElement(root, "context")
        ET.SubElement(node, "name").text = context
        for source in sorted(by_context[context]):
            message = ET.SubElement(node, "message")
            for filename in sorted({w.rsplit(":", 1)[0] for w in messages[(context, source)]}):
                ET.SubElement(message, "location", filename=f"../../../{filename}")
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            text = translations.get((context, source))
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def update(language: str) -> list[tuple[str, str]]:
    """Rewrite the catalogue from the code; returns the texts still untranslated."""
    path = ts_path(language)
    old = read_ts(path) if path.exists() else {}
    found = extract(ROOT)
    write_ts(path, language, found.messages, old)
    return [key for key in found.messages if not old.get(key)]


def lrelease() -> str:
    """The ``pyside6-lrelease`` beside this interpreter, else on PATH."""
    here = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(here) if here.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found (it comes with PySide6)")
    return found


def release(language: str) -> Path:
    """Compile ``jingwang_<language>.qm`` beside its ``.ts``."""
    source = ts_path(language)
    target = source.with_suffix(".qm")
    subprocess.run([lrelease(), "-silent", str(source), "-qm", str(target)], check=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.ui.i18n.catalogue", description=__doc__)
    parser.add_argument("command", choices=("update", "release"))
    args = parser.parse_args(argv)
    for language in LANGUAGES:
        if args.command == "update":
            missing = update(language)
            print(f"{ts_path(language).name}: {len(missing)} untranslated")
        else:
            print(release(language))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
