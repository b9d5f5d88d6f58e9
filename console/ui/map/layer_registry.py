"""Map layers by name: visibility, opacity and drawing order, remembered in ``QSettings``.

Anything with a name that can be shown, faded and stacked is a layer (:class:`MapLayer`);
:class:`ItemLayer` makes one out of plain graphics items, so the basemap's tile item can be
registered like any other. The registry owns the z-values: layer k from the bottom draws at
``k * Z_STEP`` (+ a small offset per item inside a layer).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QGraphicsItem

Z_STEP = 10.0
SETTINGS_PREFIX = "map/layers"

# Default stacking, bottom first. Layers registered later slot in at their place here.
DEFAULT_ORDER = (
    "basemap", "heatmap", "people_heat", "grids", "police_grids", "zones", "grid_labels", "addresses",
    "tracks", "risk", "workers", "incidents",
)
DEFAULT_HIDDEN = frozenset({"heatmap", "people_heat"})


@runtime_checkable
class MapLayer(Protocol):
    """What the registry needs from a layer."""

    name: str  # stable key, also used in QSettings
    title: str  # shown in the layer panel

    def set_visible(self, visible: bool) -> None: ...

    def set_opacity(self, opacity: float) -> None: ...

    def set_z(self, z: float) -> None: ...


class ItemLayer:
    """A layer made of graphics items; their order inside the layer is the order given."""

    def __init__(self, name: str, title: str, *items: QGraphicsItem) -> None:
        self.name = name
        self.title = title
        self.items = list(items)

    def set_visible(self, visible: bool) -> None:
        for item in self.items:
            item.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        for item in self.items:
            item.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        for k, item in enumerate(self.items):
            item.setZValue(z + k * 0.1)


class LayerRegistry(QObject):
    """The map's layers, bottom to top. Emits :attr:`changed` after any change."""

    changed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._layers: dict[str, MapLayer] = {}
        self._order: list[str] = []
        self._visible: dict[str, bool] = {}
        self._opacity: dict[str, float] = {}

    # --- registration -----------------------------------------------------------------------
    def add(self, layer: MapLayer) -> MapLayer:
        """Register ``layer`` (replacing one of the same name) and apply its saved state."""
        name = layer.name
        self._layers[name] = layer
        if name not in self._order:
            self._order.insert(self._slot_for(name), name)
        s = self._settings
        self._visible[name] = _to_bool(s.value(f"{SETTINGS_PREFIX}/{name}/visible", name not in DEFAULT_HIDDEN))
        self._opacity[name] = min(1.0, max(0.0, float(s.value(f"{SETTINGS_PREFIX}/{name}/opacity", 1.0))))
        layer.set_visible(self._visible[name])
        layer.set_opacity(self._opacity[name])
        self._apply_z()
        self.changed.emit()
        return layer

    def add_item(self, name: str, title: str, *items: QGraphicsItem) -> ItemLayer:
        """Register plain graphics items as one layer."""
        layer = ItemLayer(name, title, *items)
        self.add(layer)
        return layer

    def remove(self, name: str) -> None:
        """Forget a layer (its saved state stays for when it comes back)."""
        if self._layers.pop(name, None) is not None:
            self._order.remove(name)
            self.changed.emit()

    def _slot_for(self, name: str) -> int:
        saved = self._settings.value(f"{SETTINGS_PREFIX}/order")
        if isinstance(saved, str):  # an INI file gives a one-element list back as a string
            saved = [saved]
        reference = [str(n) for n in saved] if isinstance(saved, list) else list(DEFAULT_ORDER)
        if name not in reference:
            return len(self._order)
        below = set(reference[: reference.index(name)])
        return max((k + 1 for k, other in enumerate(self._order) if other in below), default=0)

    # --- queries ------------------------------------------------------------------------------
    def names(self) -> list[str]:
        """Layer names bottom to top."""
        return list(self._order)

    def layer(self, name: str) -> MapLayer:
        return self._layers[name]

    def __contains__(self, name: str) -> bool:
        return name in self._layers

    def is_visible(self, name: str) -> bool:
        return name in self._layers and self._visible[name]

    def opacity(self, name: str) -> float:
        return self._opacity[name]

    # --- changes ------------------------------------------------------------------------------
    def set_visible(self, name: str, visible: bool) -> None:
        self._visible[name] = bool(visible)
        self._layers[name].set_visible(bool(visible))
        self._settings.setValue(f"{SETTINGS_PREFIX}/{name}/visible", bool(visible))
        self.changed.emit()

    def set_opacity(self, name: str, opacity: float) -> None:
        opacity = min(1.0, max(0.0, float(opacity)))
        self._opacity[name] = opacity
        self._layers[name].set_opacity(opacity)
        self._settings.setValue(f"{SETTINGS_PREFIX}/{name}/opacity", opacity)
        self.changed.emit()

    def set_order(self, names: list[str]) -> None:
        """New stacking, bottom first; names not given keep their relative place on top."""
        known = [n for n in names if n in self._layers]
        self._order = known + [n for n in self._order if n not in known]
        self._settings.setValue(f"{SETTINGS_PREFIX}/order", list(self._order))
        self._apply_z()
        self.changed.emit()

    def move(self, name: str, steps: int) -> None:
        """Move a layer ``steps`` places up (positive) or down (negative)."""
        order = list(self._order)
        k = order.index(name)
        order.insert(min(len(order) - 1, max(0, k + steps)), order.pop(k))
        self.set_order(order)

    def _apply_z(self) -> None:
        for k, name in enumerate(self._order):
            self._layers[name].set_z(k * Z_STEP)


def _to_bool(value) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
