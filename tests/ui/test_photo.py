"""Field photos in the console: a thumbnail in the incident detail and the review detail, full size on click."""

from __future__ import annotations

import base64

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QLabel

from console.domain import events as ev
from console.testing.sample_state import grid_center
from console.ui.incident_detail import IncidentDetail
from console.ui.photo import THUMB_SIZE, PhotoThumb
from console.ui.review.detail import SubmissionDetail
from tests.ui.conftest import FakeSession


def jpeg_base64(width: int = 800, height: int = 400, color: str = "#c62828") -> str:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPG", 80)
    return base64.b64encode(bytes(data)).decode()


def test_thumbnail_keeps_the_aspect_and_opens_the_full_picture(qtbot):
    thumb = PhotoThumb()
    qtbot.addWidget(thumb)
    assert thumb.isHidden()
    thumb.set_photo(jpeg_base64(800, 400))
    assert not thumb.isHidden()
    assert (thumb.pixmap().width(), thumb.pixmap().height()) == (THUMB_SIZE[0], THUMB_SIZE[0] // 2)
    thumb.show()
    qtbot.waitExposed(thumb)
    qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    dialogs = thumb.window().findChildren(QDialog)
    assert dialogs, "clicking the thumbnail opens the photo"
    full = dialogs[-1].findChild(QLabel).pixmap()
    assert (full.width(), full.height()) == (800, 400)
    dialogs[-1].close()


def test_unreadable_or_missing_photos_hide_the_thumbnail(qtbot):
    thumb = PhotoThumb()
    qtbot.addWidget(thumb)
    thumb.set_photo(jpeg_base64())
    thumb.set_photo("bm90IGEgcGljdHVyZQ==")
    assert thumb.isHidden() and thumb.image.isNull()
    thumb.set_photo("")
    assert thumb.isHidden()


def test_incident_detail_shows_the_field_photo(qtbot, scenario, clock):
    session = FakeSession(scenario.state())
    detail = IncidentDetail(session, clock=clock)
    qtbot.addWidget(detail)
    report = scenario.f.report(scenario.grids[0], grid_center(scenario.grids[0]), narrative="消防通道堵塞",
                               actor="w001", photo=jpeg_base64(640, 480))
    assert report.data["reporter_worker"] == "W001"
    session.feed([report])
    detail.show_incident(report.data["incident"])
    assert not detail.photo.isHidden()
    assert detail.photo.image.size().toTuple() == (640, 480)
    detail.show_incident(scenario.ids["I1"])  # no photo
    assert detail.photo.isHidden()


def test_review_detail_shows_the_submission_photo(qtbot, scenario, clock):
    session = FakeSession(scenario.state(), account="mj01", role="officer")
    detail = SubmissionDetail(session, clock=clock)
    qtbot.addWidget(detail)
    submitted = scenario.f.submission("hazard", "W001", {"type": "消防", "description": "楼道堆放杂物"},
                                      photo=jpeg_base64(300, 600))
    session.feed([submitted])
    detail.show_submission(submitted.data["submission"])
    assert submitted.type == ev.SUBMISSION_SUBMITTED
    assert not detail.photo.isHidden()
    assert detail.photo.pixmap().height() == THUMB_SIZE[1]
