"""Cards floating over the map: a worker's (with 派单 / 呼叫 / 跟随) and a grid's."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from console.domain.workers import WorkerKind
from console.ui.calls.actions import call_actions
from console.ui.map.card_info import GridInfo, WorkerInfo
from console.ui.map.style import worker_color
from console.ui.plain import PlainLabel, RichLabel, escape
from console.ui.texts import fmt_age, marked, tr

CARD_QSS = (
    "QFrame#mapCard { background: rgba(24,29,36,238); border: 1px solid #3a4552; border-radius: 6px; }"
    "QFrame#mapCard QLabel { background: transparent; }"
    "QLabel#cardTitle { font-weight: bold; font-size: 14px; color: #ffffff; }"
    "QLabel#cardKey { color: #8b96a3; }"
    "QToolButton#cardClose { border: none; background: transparent; padding: 0 4px; color: #8b96a3; }"
    "QToolButton#cardClose:hover { color: #ffffff; }"
)


class MapCard(QFrame):
    """A titled form with an optional button row and a close button (Esc closes too)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapCard")
        self.setStyleSheet(CARD_QSS)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 8, 10)
        head = QHBoxLayout()
        self.title = RichLabel()
        self.title.setObjectName("cardTitle")
        self.close_button = QToolButton()
        self.close_button.setObjectName("cardClose")
        self.close_button.setText("✕")
        self.close_button.setToolTip(tr("关闭 (Esc)", "MapCard"))
        self.close_button.clicked.connect(self.hide)
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button)
        outer.addLayout(head)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(3)
        outer.addLayout(self.form)
        self.buttons = QHBoxLayout()
        outer.addLayout(self.buttons)
        self.values: dict[str, QLabel] = {}
        self.hide()

    def _row(self, key: str, *, rich: bool = False) -> QLabel:
        caption = PlainLabel(tr(key, "MapCard"))
        caption.setObjectName("cardKey")
        value = RichLabel() if rich else PlainLabel()
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(caption, value)
        self.values[key] = value
        return value

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


class WorkerCard(MapCard):
    """Name, grid, status, last fix, current order; buttons emit the worker's id."""

    dispatch_requested = Signal(str)
    call_requested = Signal(str)  # 语音呼叫
    video_requested = Signal(str)  # 视频呼叫
    follow_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker_id: str | None = None
        for key in marked("MapCard", "网格", "状态", "最后定位", "当前任务", "电话", "职务"):
            self._row(key, rich=key == "状态")  # a coloured dot before the status
        self.dispatch_button = QPushButton(tr("派单", "MapCard"))
        self.dispatch_button.setToolTip(tr("给该网格员派单", "MapCard"))
        # the keys work while the map has focus and the card is open
        keys = call_actions(parent or self, self._key_call)
        self.video_button = QPushButton(tr("视频", "MapCard"))
        self.video_button.setToolTip(keys["video"].toolTip())
        self.call_button = QPushButton(tr("呼叫", "MapCard"))
        self.call_button.setToolTip(keys["audio"].toolTip())
        self.follow_button = QPushButton(tr("跟随", "MapCard"))
        self.follow_button.setCheckable(True)
        self.follow_button.setToolTip(tr("地图跟随该网格员 (Esc 退出)", "MapCard"))
        for button in (self.dispatch_button, self.video_button, self.call_button, self.follow_button):
            self.buttons.addWidget(button)
        self.dispatch_button.clicked.connect(lambda: self._emit(self.dispatch_requested))
        self.video_button.clicked.connect(lambda: self._call("video"))
        self.call_button.clicked.connect(lambda: self._call("audio"))
        self.follow_button.toggled.connect(lambda on: self._emit(self.follow_toggled, on))

    def _emit(self, signal, *args) -> None:
        if self.worker_id:
            signal.emit(self.worker_id, *args)

    def _call(self, media: str) -> None:
        self._emit(self.video_requested if media == "video" else self.call_requested)

    def _key_call(self, media: str) -> None:
        if self.isVisible():
            self._call(media)

    def show_worker(self, info: WorkerInfo, now_ms: int, following: bool) -> None:
        """Fill the card (also called every second to keep "N秒前" current)."""
        self.worker_id = info.worker_id
        kind = tr("社区民警", "MapCard") if info.kind is WorkerKind.OFFICER else tr("网格员", "MapCard")
        dim = "<span style='color:#8b96a3;font-weight:normal'>"
        self.title.setText(f"{escape(info.name)}  {dim}{escape(kind)} {escape(info.worker_id)}</span>")
        self.values["网格"].setText(f"{info.grid_name} {info.grid_code[-3:]}" if info.grid_name else info.grid_code)
        color = worker_color(info.status)
        self.values["状态"].setText(f"<span style='color:{color}'>●</span> {escape(info.status.label)}")
        self.values["最后定位"].setText(
            fmt_age((now_ms - info.last_fix_ms) / 1000) if info.last_fix_ms is not None else tr("无定位", "MapCard")
        )
        self.values["当前任务"].setText(info.order_text or "—")
        self.values["电话"].setText(info.phone or "—")
        self.values["职务"].setText(info.posts or "—")
        self.follow_button.blockSignals(True)
        self.follow_button.setChecked(following)
        self.follow_button.blockSignals(False)
        self.adjustSize()


class GridCard(MapCard):
    """Codes, community, 警格, responsible grid workers and officers, today's and open incidents."""

    zoom_requested = Signal(str)
    group_call_requested = Signal(str)  # 语音组呼: every on-duty worker of the grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid_code: str | None = None
        for key in marked("MapCard", "网格编码", "类型", "社区", "警格", "网格长", "小区长", "楼栋长", "网格员",
                          "社区民警", "今日警情", "未办结"):
            self._row(key)
        self.zoom_button = QPushButton(tr("缩放到网格", "MapCard"))
        self.zoom_button.clicked.connect(lambda: self.zoom_requested.emit(self.grid_code or ""))
        self.buttons.addWidget(self.zoom_button)
        self.group_call_button = QPushButton(tr("语音组呼", "MapCard"))
        self.group_call_button.setToolTip(tr("语音呼叫该网格全部在岗人员（在视频连线中按住空格讲话）", "MapCard"))
        self.group_call_button.clicked.connect(lambda: self.group_call_requested.emit(self.grid_code or ""))
        self.buttons.addWidget(self.group_call_button)

    def show_grid(self, info: GridInfo) -> None:
        self.grid_code = info.code
        self.title.setText(escape(info.name))
        self.values["网格编码"].setText(info.code)
        self.values["类型"].setText(info.kind)
        self.values["网格长"].setText(info.head or "—")
        self.values["小区长"].setText("\n".join(info.compound_heads) or "—")
        with_head, total = info.buildings
        coverage = tr("覆盖 {n}/{total} 栋", "MapCard").format(n=with_head, total=total)
        self.values["楼栋长"].setText("\n".join((coverage, *info.building_heads)))
        self.values["社区"].setText(f"{info.community_name} {info.community_code}")
        self.values["警格"].setText("\n".join(info.police_grids) or "—")
        self.values["网格员"].setText("、".join(info.grid_workers) or "—")
        self.values["社区民警"].setText("、".join(info.officers) or "—")
        self.values["今日警情"].setText(str(info.today))
        self.values["未办结"].setText(str(info.open))
        self.adjustSize()
