"""信息推送 dock: send a notice to the grid workers of a grid, community, 警格 or everyone, and see who read it.

The list is folded by the reducer (``State.notices``); each row says "已读 n/m" and its tooltip names who has
and has not read it. An officer the notice was sent to (the 研判 push reaches the 警格's 社区民警) signs for it
here with 确认已读. Every person-typed text is shown as plain text (item views and ``plain_tip``).
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms
from console.domain.notices import MAX_TEXT, Audience, Notice, Priority
from console.ui.i18n.domain import label_of
from console.ui.plain import PlainLabel, plain_tip
from console.ui.review.access import may, why_not
from console.ui.texts import fmt_time, marked, tr

DOCK_NAME = "noticesDock"
PHOTO_MAX_CHARS = 48_000  # base64, as the phone's own photos: the frame stays well under the relay's 64 KiB
PHOTO_MAX_SIDE = 1280
COLUMNS = marked("NoticesView", "时间", "优先级", "对象", "内容", "已读")


def shrink_photo(image: QImage) -> str:
    """``image`` as base64 JPEG of at most :data:`PHOTO_MAX_CHARS` (smaller side, then lower quality)."""
    scale = min(1.0, PHOTO_MAX_SIDE / max(image.width(), image.height(), 1))
    while True:
        scaled = image.scaled(max(1, round(image.width() * scale)), max(1, round(image.height() * scale)),
                              Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        for quality in (80, 65, 50, 40):
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            scaled.save(buffer, "JPG", quality)
            data = base64.b64encode(bytes(buffer.data())).decode()
            if len(data) <= PHOTO_MAX_CHARS:
                return data
        scale *= 0.7


class NoticesView(QWidget):
    """Send form above the list of notices sent, newest first."""

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("noticesView")
        self._session = session
        self._clock = clock
        self.photo = ""

        self.audience = QComboBox()
        for a in Audience:
            self.audience.addItem(a.label, a.value)
        self.target = QComboBox()
        self.target.setMinimumContentsLength(12)
        self.priority = QComboBox()
        for p in Priority:
            self.priority.addItem(p.label, p.value)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("推送内容（必填，{n} 字以内）").format(n=MAX_TEXT))
        self.text.setMaximumHeight(72)
        self.photo_button = QPushButton(self.tr("附图…"))
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_label = PlainLabel()
        self.send_button = QPushButton(self.tr("推送"))
        self.send_button.setToolTip(why_not(session, "notice.send") or self.tr("推送给所选范围内的网格员"))
        self.send_button.clicked.connect(self.send)
        self.status = PlainLabel()
        self.read_button = QPushButton(self.tr("确认已读"))
        self.read_button.setToolTip(self.tr("签收推送给本人的通知"))
        self.read_button.clicked.connect(self.mark_read)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 110)
        self.tree.setColumnWidth(1, 56)
        self.tree.setColumnWidth(2, 140)
        self.tree.setColumnWidth(3, 260)

        row = QHBoxLayout()
        for w in (PlainLabel(self.tr("推送范围")), self.audience, self.target, PlainLabel(self.tr("优先级")),
                  self.priority, self.photo_button, self.photo_label):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.text)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.read_button)
        layout.addLayout(status_row)
        layout.addWidget(self.tree, 1)

        self.tree.currentItemChanged.connect(lambda *_: self._enable_read())
        self.audience.currentIndexChanged.connect(lambda _: self._fill_targets())
        session.state_reset.connect(lambda _state: self.refresh())
        session.changed.connect(self._on_changes)
        self.send_button.setEnabled(may(session, "notice.send"))
        self.refresh()

    # -- the form -----------------------------------------------------------------------------------

    def _fill_targets(self) -> None:
        self.target.clear()
        state = self._session.state
        audience = Audience(self.audience.currentData())
        self.target.setEnabled(audience is not Audience.ALL)
        if state is None or audience is Audience.ALL:
            return
        district = state.district
        choices = {Audience.GRID: [(g.code, g.name) for g in district.grids],
                   Audience.COMMUNITY: [(c.code, c.name) for c in district.communities],
                   Audience.POLICE_GRID: [(p.code, p.name) for p in district.police_grids]}[audience]
        for code, name in choices:
            self.target.addItem(f"{name}（{code}）", code)

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择附图"), "", self.tr("图片 (*.jpg *.jpeg *.png)"))
        if path:
            self.set_photo(QImage(path))

    def set_photo(self, image: QImage) -> None:
        """Attach ``image`` (shrunk to the photo limit); a null image removes the photo."""
        self.photo = "" if image.isNull() else shrink_photo(image)
        self.photo_label.setText(self.tr("已附图 {kb} KB").format(kb=len(self.photo) * 3 // 4 // 1024)
                                 if self.photo else "")

    def args(self) -> dict | None:
        """The ``notice.send`` arguments of the form, or None (with the reason shown) if incomplete."""
        text = self.text.toPlainText().strip()
        if not text:
            self.status.setText(self.tr("请填写推送内容"))
            return None
        args = {"text": text, "priority": self.priority.currentData(), "audience": self.audience.currentData()}
        if args["audience"] != Audience.ALL.value:
            if not self.target.currentData():
                self.status.setText(self.tr("请选择推送范围"))
                return None
            args["code"] = self.target.currentData()
        if self.photo:
            args["photo"] = self.photo
        return args

    def send(self) -> None:
        args = self.args()
        if args is None:
            return
        self._session.command("notice.send", args)
        self.text.clear()
        self.set_photo(QImage())
        self.status.setText(self.tr("已推送"))

    # -- signing for one's own notice -----------------------------------------------------------------

    def _mine_unread(self) -> Notice | None:
        """The selected notice when it was sent to this session's worker (an officer) and is unread."""
        item, state = self.tree.currentItem(), self._session.state
        notice = state.notices.get(item.data(0, Qt.ItemDataRole.UserRole)) if item and state else None
        me = getattr(self._session, "worker", "") or ""
        return notice if notice is not None and me in notice.workers and me not in notice.read else None

    def _enable_read(self) -> None:
        self.read_button.setEnabled(not why_not(self._session, "notice.read") and self._mine_unread() is not None)

    def select(self, notice_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == notice_id:
                self.tree.setCurrentItem(self.tree.topLevelItem(i))

    def mark_read(self) -> None:
        notice = self._mine_unread()
        if notice is not None:
            self._session.command("notice.read", {"notice": notice.id})
            self.read_button.setEnabled(False)
            self.status.setText(self.tr("已确认已读"))

    # -- the list -----------------------------------------------------------------------------------

    def _on_changes(self, changes) -> None:
        if changes.notices or changes.reset:
            self.refresh()

    def refresh(self) -> None:
        if self.target.count() == 0:
            self._fill_targets()
        current = self.tree.currentItem()
        selected = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        self.tree.clear()
        state = self._session.state
        if state is not None:
            for notice in sorted(state.notices.values(), key=lambda n: n.at, reverse=True):
                self.tree.addTopLevelItem(self._item(notice, state))
            if selected:
                self.select(selected)
        self._enable_read()

    def _item(self, notice: Notice, state) -> QTreeWidgetItem:
        read, total = notice.read_count()
        item = QTreeWidgetItem([fmt_time(notice.at, with_date=True), label_of(notice.priority),
                                self._audience_text(notice, state), notice.text,
                                self.tr("已读 {read}/{total}").format(read=read, total=total)])
        item.setData(0, Qt.ItemDataRole.UserRole, notice.id)
        name = lambda w: state.workers[w].name if w in state.workers else w  # noqa: E731
        readers = "、".join(name(w) for w in notice.workers if w in notice.read) or self.tr("无")
        unread = "、".join(name(w) for w in notice.workers if w not in notice.read) or self.tr("无")
        item.setToolTip(3, plain_tip(notice.text))
        item.setToolTip(4, plain_tip(self.tr("已读：{readers}\n未读：{unread}").format(readers=readers, unread=unread)))
        return item

    @staticmethod
    def _audience_text(notice: Notice, state) -> str:
        if notice.audience is Audience.ALL:
            return notice.audience.label
        district = state.district
        names = {Audience.GRID: {g.code: g.name for g in district.grids},
                 Audience.COMMUNITY: {c.code: c.name for c in district.communities},
                 Audience.POLICE_GRID: {p.code: p.name for p in district.police_grids}}[notice.audience]
        return f"{notice.audience.label} {names.get(notice.code, notice.code)}"

    def row_texts(self) -> list[list[str]]:
        """Every row's column texts, top to bottom (for tests and the status line)."""
        return [[self.tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
                for i in range(self.tree.topLevelItemCount())]


def install_notices_dock(window: QMainWindow, session, **view_kwargs) -> QDockWidget:
    """Add the 信息推送 dock (bottom area, objectName ``noticesDock``) and return it."""
    dock = QDockWidget(tr("信息推送", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(NoticesView(session, dock, **view_kwargs))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock
