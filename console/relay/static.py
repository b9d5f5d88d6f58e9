"""Static files the relay serves over plain HTTP: the web field client under ``/field/``, the
department liaison's page under ``/dept/``, each with the modules both use (``console/web``: the relay
session, logging in, DOM helpers, the base style and the icon) under its own prefix.

Only files present in a site's directories when the relay starts are served, plus the shipped
incident-category table and the record code tables of :mod:`console.domain.record_form`, so a
request can never reach anything else: ``..`` segments are refused with 400 and every other unknown
path gets 404. Each file carries an ETag and ``no-cache`` so a phone revalidates cheaply (304) and
never runs a stale page after an upgrade.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from console.domain.incidents import CATEGORY_FILE
from console.domain.record_form import code_tables

# package data, found the same way in a checkout, a wheel install and the frozen bundle
WEB_ROOT = Path(str(files("console").joinpath("field", "web")))
DEPT_ROOT = Path(str(files("console").joinpath("dept", "web")))
SHARED_ROOT = Path(str(files("console").joinpath("web")))  # modules every site gets
PREFIX = "/field/"
SITES = {PREFIX: WEB_ROOT, "/dept/": DEPT_ROOT}  # URL prefix -> the directory served under it
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json",
}
# Nothing is fetched from elsewhere: the policy makes the browser enforce it.
CSP = ("default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
       "media-src 'self' blob: mediastream:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")


@dataclass(frozen=True, slots=True)
class Asset:
    """One servable file: its bytes, content type and ETag."""

    body: bytes
    content_type: str
    etag: str


def load_assets(root: Path = WEB_ROOT, shared: Path | None = None) -> dict[str, Asset]:
    """Every file of ``root`` and of ``shared`` with a known type, keyed by its path under the site's
    prefix; a name in both is a packaging mistake (ValueError), never a silent override."""
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    if shared is not None:
        common = {p.relative_to(shared).as_posix(): p for p in sorted(shared.rglob("*")) if p.is_file()}
        clash = sorted(set(files) & set(common))
        if clash:
            raise ValueError(f"{root} repeats the shared files {', '.join(clash)}")
        files.update(common)
    files["categories.json"] = CATEGORY_FILE
    bodies = {name: (path.suffix, path.read_bytes()) for name, path in files.items() if path.suffix in CONTENT_TYPES}
    bodies["codes.json"] = (".json", json.dumps(code_tables(), ensure_ascii=False).encode())
    return {name: Asset(body, CONTENT_TYPES[suffix], '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
            for name, (suffix, body) in bodies.items()}


class StaticSite:
    """Answers plain HTTP GETs for each prefix of ``sites`` (``/field/…``, ``/dept/…``); websocket upgrades
    pass through untouched."""

    def __init__(self, sites: Mapping[str, Path] = SITES, shared: Path | None = SHARED_ROOT) -> None:
        self.sites = {prefix: load_assets(root, shared) for prefix, root in sites.items()}

    @property
    def assets(self) -> dict[str, Asset]:
        """The field client's files (under ``/field/``)."""
        return self.sites.get(PREFIX, {})

    def respond(self, request: Request) -> Response | None:
        """The response for ``request``, or None to go on with the websocket handshake."""
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        path = urlsplit(request.path).path
        for prefix, assets in self.sites.items():
            if path == prefix.rstrip("/"):
                return http_response(HTTPStatus.MOVED_PERMANENTLY, {"Location": prefix})
            if path.startswith(prefix):
                return _serve(request, unquote(path[len(prefix):]) or "index.html", assets)
        return text_response(HTTPStatus.NOT_FOUND, "not found")


def _serve(request: Request, name: str, assets: dict[str, Asset]) -> Response:
    """``name`` of one site, with its ETag; 400 for a path that tries to climb out, 404 for anything unknown."""
    if "\\" in name or "\0" in name or any(part in ("..", ".") for part in name.split("/")):
        return text_response(HTTPStatus.BAD_REQUEST, "bad path")
    asset = assets.get(name)
    if asset is None:
        return text_response(HTTPStatus.NOT_FOUND, "not found")
    headers = {"ETag": asset.etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    if name.endswith(".html"):
        headers["Content-Security-Policy"] = CSP
    if asset.etag in request.headers.get("If-None-Match", ""):
        return http_response(HTTPStatus.NOT_MODIFIED, headers)
    return http_response(HTTPStatus.OK, {**headers, "Content-Type": asset.content_type}, asset.body)


def text_response(status: HTTPStatus, text: str) -> Response:
    return http_response(status, {"Content-Type": "text/plain; charset=utf-8"}, (text + "\n").encode())


def http_response(status: HTTPStatus, headers: dict[str, str], body: bytes = b"") -> Response:
    all_headers = Headers(headers)
    all_headers["Content-Length"] = str(len(body))
    all_headers["Connection"] = "close"
    return Response(status.value, status.phrase, all_headers, body)
