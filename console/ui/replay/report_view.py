"""``ReportPreview``: the incident timeline report, read off the GUI thread, shown as the PDF it prints to.

``source()`` (run on a :class:`Loader` thread) reads the incident's history into an
:class:`~console.reports.incident_report.IncidentReport`; the PDF is rendered into a temporary
file on the GUI thread and shown with ``QPdfView``; 保存 PDF copies it where the user chooses.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from console.reports.incident_report import IncidentReport
from console.ui.plain import PlainLabel
from console.ui.replay.loader import Loader
from console.ui.reports.incident_pdf import write_incident_pdf
from console.ui.texts import tr


def _ctx(text: str) -> str:
    return tr(text, "Replay")


class ReportPreview(QDialog):
    """Preview and save the report of ``incident_id``; :attr:`ready` carries the rendered PDF's path."""

    ready = Signal(str)

    def __init__(self, incident_id: str, source: Callable[[], IncidentReport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_ctx("警情报告 {id}").format(id=incident_id))
        self.resize(760, 900)
        self.incident_id = incident_id
        self.pages = 0
        self._dir = tempfile.TemporaryDirectory(prefix="jingwang-report-")
        self.path = Path(self._dir.name) / f"{incident_id}.pdf"
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = PlainLabel(_ctx("正在生成报告…"))
        self.save_button = QPushButton(_ctx("保存 PDF…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_as)
        close = QPushButton(_ctx("关闭"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._loader = Loader(self)
        self._loader.finished.connect(self._on_loaded)
        self._loader.submit("report", 0, source)

    def save_as(self, target: str | None = None) -> Path | None:
        """Copy the PDF to ``target`` (asked for when not given); returns where it went."""
        if not target:
            target, _filter = QFileDialog.getSaveFileName(self, _ctx("保存警情报告"), f"{self.incident_id}.pdf",
                                                          "PDF (*.pdf)")
        if not target:
            return None
        shutil.copyfile(self.path, target)
        self.status.setText(_ctx("已保存：{path}").format(path=target))
        return Path(target)

    def _on_loaded(self, _kind: str, _token: int, report: IncidentReport | None, error) -> None:
        if error is not None:
            reason = getattr(error, "zh", "") or str(error)
            self.status.setText(_ctx("报告生成失败：{reason}").format(reason=reason))
            return
        self.pages = write_incident_pdf(report, self.path)
        self.document.load(str(self.path))
        self.status.setText(_ctx("共 {n} 页").format(n=self.pages))
        self.save_button.setEnabled(True)
        self.ready.emit(str(self.path))

    def done(self, result: int) -> None:
        """Closing (button, Esc or the window's X) drops the temporary PDF."""
        self._loader.close()
        self.document.close()
        self._dir.cleanup()
        super().done(result)


def open_report(parent: QWidget, incident_id: str, source: Callable[[], IncidentReport]) -> ReportPreview:
    """Open a non-modal, self-deleting preview of one incident's report."""
    dialog = ReportPreview(incident_id, source, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
