"""The public page's files: one HTML shell per door plate with its data as an inert JSON block, plus assets.

The plate's data goes into ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped,
so nothing in it can end the block; the page reads it and renders everything with ``textContent``.
A strict Content-Security-Policy lets the page load only its own script and style.
"""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files
from pathlib import Path

from console.ecode.reply import Reply, refusal

WEB_ROOT = Path(str(files("console.ecode").joinpath("web")))  # package data
SHARED = (Path(str(files("console").joinpath("web", "i18n.js"))),)  # the relay pages' English dictionary
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                    ("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")]
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
MARK = "<!--PLATE-->"


def inert_json(data: dict) -> str:
    """JSON that cannot close the script block it sits in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


class PageSite:
    """The shell and the assets, read once at start."""

    def __init__(self, root: Path = WEB_ROOT, shared: tuple[Path, ...] = SHARED) -> None:
        self.shell = (root / "index.html").read_text(encoding="utf-8")
        if MARK not in self.shell:
            raise ValueError(f"{MARK} missing from index.html")
        self.assets: dict[str, tuple[bytes, str, str]] = {}
        for path in [*sorted(root.iterdir()), *shared]:
            if path.suffix in TYPES:
                body = path.read_bytes()
                self.assets[path.name] = (body, TYPES[path.suffix], '"' + hashlib.sha256(body).hexdigest()[:20] + '"')

    def page(self, status: int, data: dict) -> Reply:
        block = f'<script type="application/json" id="plate">{inert_json(data)}</script>'
        body = self.shell.replace(MARK, block).encode()
        return Reply(status, [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                              *SECURITY_HEADERS], body)

    def asset(self, name: str) -> Reply:
        found = self.assets.get(name)
        if found is None:
            return refusal(404, "文件不存在")
        body, content_type, etag = found
        return Reply(200, [("Content-Type", content_type), ("ETag", etag), ("Cache-Control", "no-cache"),
                           ("X-Content-Type-Options", "nosniff")], body)
