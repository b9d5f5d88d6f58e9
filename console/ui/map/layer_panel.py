"""``LayerPanel``: show/hide, opacity and order of the map's layers (top of the list = drawn on top)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.ui.map.layer_registry import LayerRegistry
from console.ui.plain import PlainLabel
from console.ui.texts import tr

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class LayerPanel(QWidget):
    """A list of the registry's layers with checkboxes, drag to reorder, up/down and an opacity slider."""

    def __init__(self, registry: LayerRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerPanel")
        self.registry = registry
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setToolTip(tr("勾选显示图层；拖动调整上下顺序（上方的图层盖住下方）", "LayerPanel"))
        self.up_button = QToolButton()
        self.up_button.setText("▲")
        self.up_button.setToolTip(tr("上移图层", "LayerPanel"))
        self.down_button = QToolButton()
        self.down_button.setText("▼")
        self.down_button.setToolTip(tr("下移图层", "LayerPanel"))
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setToolTip(tr("所选图层的不透明度", "LayerPanel"))
        self.opacity_label = PlainLabel()
        self.opacity_label.setMinimumWidth(36)

        buttons = QHBoxLayout()
        buttons.addWidget(PlainLabel(tr("不透明度", "LayerPanel")))
        buttons.addWidget(self.opacity, 1)
        buttons.addWidget(self.opacity_label)
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(PlainLabel(tr("图层", "LayerPanel")))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(lambda *_: self._sync_slider())
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.up_button.clicked.connect(lambda: self._move_current(1))
        self.down_button.clicked.connect(lambda: self._move_current(-1))
        registry.changed.connect(self.refresh)
        self.refresh()

    # --- public API -------------------------------------------------------------------------
    def names(self) -> list[str]:
        """Layer names as listed, top first."""
        return [self.list.item(r).data(NAME_ROLE) for r in range(self.list.count())]

    def item_for(self, name: str) -> QListWidgetItem:
        return self.list.item(self.names().index(name))

    def select(self, name: str) -> None:
        self.list.setCurrentItem(self.item_for(name))

    def refresh(self) -> None:
        """Follow the registry: rebuild the rows when layers or their order changed, else just the checks."""
        names = list(reversed(self.registry.names()))
        self.list.blockSignals(True)
        if names != self.names():
            current = self._current_name()
            self.list.clear()
            for name in names:
                item = QListWidgetItem(tr(self.registry.layer(name).title, "MapLayers"))
                item.setData(NAME_ROLE, name)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                self.list.addItem(item)
                if name == current:
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
        for row, name in enumerate(names):
            shown = Qt.CheckState.Checked if self.registry.is_visible(name) else Qt.CheckState.Unchecked
            self.list.item(row).setCheckState(shown)
        self.list.blockSignals(False)
        self._sync_slider()

    # --- slots --------------------------------------------------------------------------------
    def _current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NAME_ROLE) if item is not None else None

    def _sync_slider(self) -> None:
        name = self._current_name()
        self.opacity.blockSignals(True)
        self.opacity.setEnabled(name is not None)
        value = round(self.registry.opacity(name) * 100) if name else 100
        self.opacity.setValue(value)
        self.opacity_label.setText(f"{value}%")
        self.opacity.blockSignals(False)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        name = item.data(NAME_ROLE)
        visible = item.checkState() == Qt.CheckState.Checked
        if name and visible != self.registry.is_visible(name):
            self.registry.set_visible(name, visible)

    def _on_opacity(self, value: int) -> None:
        name = self._current_name()
        if name:
            self.opacity_label.setText(f"{value}%")
            self.registry.set_opacity(name, value / 100)

    def _on_rows_moved(self, *_args) -> None:
        self.registry.set_order(list(reversed(self.names())))

    def _move_current(self, steps: int) -> None:
        name = self._current_name()
        if name:
            self.registry.move(name, steps)
            self.select(name)
