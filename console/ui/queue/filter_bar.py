"""The bar above the queue: status group, source, priority, search words (debounced) and a row count."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from console.domain.incidents import PRIORITY_LABELS, Source
from console.ui.i18n.domain import label_of, priority_label
from console.ui.plain import PlainLabel
from console.ui.queue.query import GROUP_LABELS, QueueFilter
from console.ui.texts import tr

SEARCH_DELAY_MS = 250


class QueueFilterBar(QWidget):
    """Emits :attr:`changed` with a :class:`QueueFilter`; typing waits for a pause of ``search_delay_ms``."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, search_delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(parent)
        self.group_combo = QComboBox()
        for group, label in GROUP_LABELS.items():
            self.group_combo.addItem(tr(label, "Queue"), group)
        self.group_combo.setToolTip(self.tr("按状态分组：仅未结、全部、待受理、处置中、待核查、转办、超时、督办"))
        self.source_combo = QComboBox()
        self.source_combo.addItem(self.tr("全部来源"), None)
        for source in Source:
            self.source_combo.addItem(label_of(source), source)
        self.priority_combo = QComboBox()
        self.priority_combo.addItem(self.tr("全部级别"), None)
        for priority in PRIORITY_LABELS:
            self.priority_combo.addItem(priority_label(priority), priority)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索 编号/地址/内容/电话/处置人 (Ctrl+Shift+F)"))
        self.count_label = PlainLabel()
        self.count_label.setObjectName("queueCount")

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.group_combo, self.source_combo, self.priority_combo):
            combo.currentIndexChanged.connect(self._emit)
        find = QShortcut(QKeySequence("Ctrl+Shift+F"), self, context=Qt.ShortcutContext.WindowShortcut)
        find.activated.connect(self.focus_search)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, context=Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.search.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        for widget in (self.group_combo, self.source_combo, self.priority_combo):
            layout.addWidget(widget)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.count_label)

    def query(self) -> QueueFilter:
        source, priority = self.source_combo.currentData(), self.priority_combo.currentData()
        return QueueFilter(
            self.group_combo.currentData(),
            Source(source) if source else None,
            int(priority) if priority else None,
            self.search.text().strip(),
        )

    def set_group(self, group: str) -> None:
        self.group_combo.setCurrentIndex(self.group_combo.findData(group))

    def set_count(self, shown: int, total: int) -> None:
        self.count_label.setText(self.tr("{shown} / {total} 条").format(shown=f"{shown:,}", total=f"{total:,}"))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _emit(self) -> None:
        self._search_timer.stop()
        self.changed.emit(self.query())
