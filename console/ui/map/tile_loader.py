"""Asynchronous base-tile loading: worker threads fetch and decode, the GUI thread only looks up.

:meth:`TileLoader.request` answers from a memory LRU at once or queues a load and returns None;
:attr:`TileLoader.tile_ready` fires on the GUI thread when the tile is in memory. Each view
starts a new *generation* (:meth:`TileLoader.begin_view`): loads requested by an older view
that have not started are cancelled, and those already queued for a superseded view are
dropped before they fetch, so a fast pan never works through hundreds of stale tiles.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from console.geo.tile_source import TileSource

log = logging.getLogger(__name__)

TileKey = tuple[int, int, int]  # z, x, y (XYZ)
DEFAULT_MEMORY_BYTES = 96 * 1024 * 1024
DEFAULT_WORKERS = 4
_DONE, _STALE, _FAILED = "done", "stale", "failed"


class ImageLRU:
    """QImages by key, least recently used evicted first once the total exceeds ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[TileKey, QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: TileKey) -> bool:
        return key in self._items

    def get(self, key: TileKey) -> QImage | None:
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def put(self, key: TileKey, image: QImage) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._items[key] = image
        self.bytes += image.sizeInBytes()
        while self.bytes > self.max_bytes and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= evicted.sizeInBytes()


class _DiskCache:
    """Encoded tiles as files ``root/z/x/y`` (for slow or remote sources)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: TileKey) -> Path:
        z, x, y = key
        return self.root / str(z) / str(x) / str(y)

    def get(self, key: TileKey) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: TileKey, data: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + f".{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            log.warning("tile disk cache: cannot write %s: %s", path, exc)


class TileLoader(QObject):
    """Loads tiles of one :class:`TileSource` in a thread pool; emits :attr:`tile_ready` (z, x, y)."""

    tile_ready = Signal(int, int, int)
    _loaded = Signal(object, object, str)  # key, QImage | None, outcome (worker → GUI thread)

    def __init__(
        self,
        source: TileSource,
        *,
        cache_dir: str | Path | None = None,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        workers: int = DEFAULT_WORKERS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.memory = ImageLRU(memory_bytes)
        self._disk = _DiskCache(Path(cache_dir) / source.key) if cache_dir and source.disk_cacheable else None
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tiles")
        self._lock = threading.Lock()
        self._generation = 0
        self._wanted: dict[TileKey, int] = {}  # key -> generation that last asked for it
        self._inflight: dict[TileKey, Future] = {}
        self._missing: set[TileKey] = set()  # the source has no such tile
        self._closed = False
        self._loaded.connect(self._on_loaded)

    # --- GUI thread ---------------------------------------------------------------------------
    def begin_view(self, keep: Iterable[TileKey] = ()) -> None:
        """Start a new view: loads queued for earlier views are cancelled or dropped, except ``keep``.

        ``keep`` (tiles the new view wants too) stay queued in their place; request the rest.
        """
        keep = set(keep)
        with self._lock:
            self._generation += 1
            self._wanted = {key: self._generation for key in keep if key in self._wanted}
        for key, future in list(self._inflight.items()):
            if key not in keep and future.cancel():
                del self._inflight[key]

    def cached(self, z: int, x: int, y: int) -> QImage | None:
        """The tile if it is in memory, without loading it."""
        return self.memory.get((z, x, y))

    def is_missing(self, z: int, x: int, y: int) -> bool:
        """True when the source answered that it has no such tile."""
        return (z, x, y) in self._missing

    def request(self, z: int, x: int, y: int) -> QImage | None:
        """The tile from memory, or None after queueing its load (for the current view)."""
        key = (z, x, y)
        image = self.memory.get(key)
        if image is not None or key in self._missing or self._closed:
            return image
        with self._lock:
            self._wanted[key] = self._generation
        if key not in self._inflight:
            self._inflight[key] = self._pool.submit(self._load, key)
        return None

    def pending(self) -> int:
        """Loads queued or running."""
        return len(self._inflight)

    def close(self) -> None:
        """Stop loading: cancel what is queued; running loads finish unseen."""
        self._closed = True
        self.begin_view()
        slow = self.source.disk_cacheable  # a remote fetch may take its whole timeout: do not wait for it
        self._pool.shutdown(wait=not slow, cancel_futures=True)
        if not slow:  # local loads are done: the file can be closed under no one
            self.source.close()

    def _on_loaded(self, key: TileKey, image: QImage | None, outcome: str) -> None:
        self._inflight.pop(key, None)
        if self._closed or outcome == _FAILED:
            return
        if outcome == _STALE:
            if self._wanted.get(key) == self._generation:  # asked for again after it was dropped
                self._inflight[key] = self._pool.submit(self._load, key)
            return
        if image is None:
            self._missing.add(key)
        else:
            self.memory.put(key, image)
        self.tile_ready.emit(*key)

    # --- worker threads -------------------------------------------------------------------------
    def _load(self, key: TileKey) -> None:
        with self._lock:
            outcome = _STALE if self._wanted.get(key) != self._generation else _DONE
        image = None
        if outcome == _DONE:
            try:
                image = self._fetch_decode(key)
            except OSError as exc:  # transient: nothing cached, the next view asks again
                log.debug("tile %s: %s", key, exc)
                outcome = _FAILED
        with contextlib.suppress(RuntimeError):  # the loader was deleted while this load ran
            self._loaded.emit(key, image, outcome)

    def _fetch_decode(self, key: TileKey) -> QImage | None:
        data = self._disk.get(key) if self._disk else None
        if data is None:
            data = self.source.fetch(*key)
            if data is None:
                return None
            if self._disk:
                self._disk.put(key, data)
        image = QImage.fromData(data)
        if image.isNull():
            log.warning("tile %s: undecodable image (%d bytes)", key, len(data))
            return None
        return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
