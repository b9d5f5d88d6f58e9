"""What counts as acceptable text from a person: no lone surrogates, no control characters, and,
where a value must say something, at least one visible character."""

from __future__ import annotations

import html
import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab, LF and CR are allowed


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored or shown as text, or None."""
    if _SURROGATE.search(value):
        return "含有无效的 Unicode 代理字符 / contains a lone surrogate"
    if _CONTROL.search(value):
        return "含有控制字符 / contains a control character"
    return None


def is_blank(value: str) -> bool:
    """True when ``value`` has no visible character (only spaces or zero-width/format characters)."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp") for ch in value)


def printable(value: str) -> str:
    """``value`` with anything that cannot be encoded as UTF-8 escaped (for echoing in errors)."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def escape(value: object) -> str:
    """``value`` as text inside HTML the program writes itself: ``& < > " '`` escaped."""
    return html.escape(str(value), quote=True)
