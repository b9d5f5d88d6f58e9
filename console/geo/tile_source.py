"""Where base tiles come from: an MBTiles file, a tile folder or an intranet URL template.

Every source answers :meth:`TileSource.fetch` with encoded image bytes or None (no such tile)
and raises ``OSError`` for a failure worth retrying. ``fetch`` blocks: call it from worker
threads only, never the GUI thread. A source is chosen by one settings string, see
:func:`source_from_setting`.
"""

from __future__ import annotations

import hashlib
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from console.geo.datum import Datum, check_datum
from console.geo.mbtiles import MBTilesReader
from console.geo.tiles import TILE_SIZE

log = logging.getLogger(__name__)

URL_TIMEOUT_S = 3.0
USER_AGENT = "jingwang-console"


@dataclass
class TileSource:
    """Base class: the tiles' datum, zoom range, pixel size and lng/lat bounds (when known)."""

    datum: Datum = "wgs84"
    min_zoom: int = 0
    max_zoom: int = 19
    tile_size: int = TILE_SIZE
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north (source datum)

    disk_cacheable = False  # worth a disk cache (slow or remote)

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        """Encoded image of XYZ tile ``(z, x, y)``; None when the source has no such tile."""
        raise NotImplementedError

    @property
    def key(self) -> str:
        """A short stable name for cache folders."""
        raise NotImplementedError

    def close(self) -> None:
        """Release files or connections."""


@dataclass
class MBTilesSource(TileSource):
    """Tiles from a local MBTiles file; zoom range and bounds default to its metadata."""

    path: str = ""

    def __post_init__(self) -> None:
        self.reader = MBTilesReader(self.path)

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        return self.reader.tile(z, x, y)

    @property
    def key(self) -> str:
        return "mbtiles-" + hashlib.sha1(str(Path(self.path).resolve()).encode()).hexdigest()[:12]

    def close(self) -> None:
        self.reader.close()


@dataclass
class FolderSource(TileSource):
    """Tiles as files under ``root`` following ``pattern`` (``{z}/{x}/{y}.png`` by default)."""

    root: str = ""
    pattern: str = "{z}/{x}/{y}.png"

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        path = Path(self.root) / _fill(self.pattern, z, x, y)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    @property
    def key(self) -> str:
        return "folder-" + hashlib.sha1(str(Path(self.root).resolve()).encode()).hexdigest()[:12]


@dataclass
class UrlSource(TileSource):
    """Tiles over HTTP from a template with ``{z}``, ``{x}``, ``{y}``, ``{-y}`` (TMS) and ``{s}``."""

    template: str = ""
    subdomains: str = "abc"
    timeout_s: float = URL_TIMEOUT_S

    disk_cacheable = True

    def url(self, z: int, x: int, y: int) -> str:
        """The URL of one tile (the subdomain rotates with x + y)."""
        return _fill(self.template, z, x, y, self.subdomains[(x + y) % len(self.subdomains)] if self.subdomains else "")

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        req = urllib.request.Request(self.url(z, x, y), headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (204, 404):
                return None
            raise OSError(f"tile server answered {exc.code} for {req.full_url}") from exc

    @property
    def key(self) -> str:
        return "url-" + hashlib.sha1(self.template.encode()).hexdigest()[:12]


def _fill(template: str, z: int, x: int, y: int, s: str = "") -> str:
    return (template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{-y}", str((1 << z) - 1 - y))
            .replace("{y}", str(y)).replace("{s}", s))


def _mbtiles(path: str) -> MBTilesSource:
    src = MBTilesSource(path=path)
    meta = src.reader.metadata
    lo, hi = src.reader.zoom_range()
    src.min_zoom, src.max_zoom = lo, hi
    src.datum = check_datum(meta.get("datum", "wgs84"))
    if "bounds" in meta:
        west, south, east, north = (float(v) for v in meta["bounds"].split(","))
        src.bounds = (west, south, east, north)
    src.tile_size = int(meta.get("tile_size", TILE_SIZE))
    return src


_OPTIONS = {"datum", "minzoom", "maxzoom", "tilesize", "subdomains", "timeout", "pattern"}


def source_from_setting(setting: str) -> TileSource:
    """Build a source from ``kind:target[;option=value…]``.

    Kinds: ``mbtiles:/path/file.mbtiles``, ``folder:/path`` (option ``pattern``),
    ``url:http://host/{z}/{x}/{y}.png`` (options ``subdomains``, ``timeout``). Every kind takes
    ``datum`` (wgs84, gcj02, bd09), ``minzoom``, ``maxzoom`` and ``tilesize``; an MBTiles file's
    own metadata supplies defaults. Raises ValueError for a malformed setting.
    """
    kind, sep, rest = setting.strip().partition(":")
    if not sep or not rest:
        raise ValueError(f"tile source {setting!r}: expected mbtiles:PATH, folder:PATH or url:TEMPLATE")
    target, *parts = rest.split(";")
    opts: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in parts)):
        name, eq, value = part.partition("=")
        if not eq or name not in _OPTIONS:
            raise ValueError(f"tile source option {part!r}: expected one of {', '.join(sorted(_OPTIONS))}")
        opts[name] = value
    if kind == "mbtiles":
        src: TileSource = _mbtiles(target)
    elif kind == "folder":
        src = FolderSource(root=target, pattern=opts.get("pattern", "{z}/{x}/{y}.png"))
    elif kind == "url":
        if "{z}" not in target or "{x}" not in target or not ("{y}" in target or "{-y}" in target):
            raise ValueError(f"tile URL {target!r} needs {{z}}, {{x}} and {{y}}")
        src = UrlSource(template=target, subdomains=opts.get("subdomains", "abc"),
                        timeout_s=float(opts.get("timeout", URL_TIMEOUT_S)))
    else:
        raise ValueError(f"unknown tile source kind {kind!r}: expected mbtiles, folder or url")
    if "datum" in opts:
        src.datum = check_datum(opts["datum"])
    if "minzoom" in opts:
        src.min_zoom = int(opts["minzoom"])
    if "maxzoom" in opts:
        src.max_zoom = int(opts["maxzoom"])
    if "tilesize" in opts:
        src.tile_size = int(opts["tilesize"])
    log.info("tile source %s: datum %s, zoom %d–%d", setting, src.datum, src.min_zoom, src.max_zoom)
    return src
