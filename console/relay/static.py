"""Static files the relay serves over plain HTTP: the web field client under ``/field/``.

Only files present in the web directory when the relay starts are served (plus the shipped
incident-category table), so a request can never reach anything else: ``..`` segments are refused
with 400 and every other unknown path gets 404. Each file carries an ETag and ``no-cache`` so a
phone revalidates cheaply (304) and never runs a stale page after an upgrade.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from console.domain.incidents import CATEGORY_FILE

WEB_ROOT = Path(str(files("console.field").joinpath("web")))  # package data: wheel, checkout and bundle alike
PREFIX = "/field/"
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


def load_assets(root: Path = WEB_ROOT) -> dict[str, Asset]:
    """Every file of ``root`` with a known type, keyed by its path under ``/field/``."""
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    files["categories.json"] = CATEGORY_FILE
    assets = {}
    for name, path in files.items():
        content_type = CONTENT_TYPES.get(path.suffix)
        if content_type is None:
            continue
        body = path.read_bytes()
        assets[name] = Asset(body, content_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
    return assets


class StaticSite:
    """Answers plain HTTP GETs for ``/field/…``; websocket upgrades pass through untouched."""

    def __init__(self, root: Path = WEB_ROOT) -> None:
        self.assets = load_assets(root)

    def respond(self, request: Request) -> Response | None:
        """The response for ``request``, or None to go on with the websocket handshake."""
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        path = urlsplit(request.path).path
        if path == PREFIX.rstrip("/"):
            return _response(HTTPStatus.MOVED_PERMANENTLY, {"Location": PREFIX})
        if not path.startswith(PREFIX):
            return _text(HTTPStatus.NOT_FOUND, "not found")
        name = unquote(path[len(PREFIX):]) or "index.html"
        if "\\" in name or "\0" in name or any(part in ("..", ".") for part in name.split("/")):
            return _text(HTTPStatus.BAD_REQUEST, "bad path")
        asset = self.assets.get(name)
        if asset is None:
            return _text(HTTPStatus.NOT_FOUND, "not found")
        headers = {"ETag": asset.etag, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if name.endswith(".html"):
            headers["Content-Security-Policy"] = CSP
        if asset.etag in request.headers.get("If-None-Match", ""):
            return _response(HTTPStatus.NOT_MODIFIED, headers)
        return _response(HTTPStatus.OK, {**headers, "Content-Type": asset.content_type}, asset.body)


def _text(status: HTTPStatus, text: str) -> Response:
    return _response(status, {"Content-Type": "text/plain; charset=utf-8"}, (text + "\n").encode())


def _response(status: HTTPStatus, headers: dict[str, str], body: bytes = b"") -> Response:
    all_headers = Headers(headers)
    all_headers["Content-Length"] = str(len(body))
    all_headers["Connection"] = "close"
    return Response(status.value, status.phrase, all_headers, body)
