"""研判推送 from the console: the findings on screen go out as notices to the scope's 警格 (grid workers and
their 社区民警), each naming the report's PDF, which is written and uploaded to the relay first — as the
scheduled push does — so that the recipients can open it on their phones."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from console.domain.analysis import Analysis
from console.domain.errors import DomainError
from console.net.client import CommandRefused
from console.services.analysis_push import plan, upload, with_report
from console.ui.reports.analysis_pdf import write_analysis_pdf
from console.ui.texts import tr


def _t(text: str) -> str:
    return tr(text, "Summary")


class ReportPush(QObject):
    """Pushes one 研判 at a time through ``session``; :attr:`progress` says how far in Chinese (``done``
    when the notices went out or the push failed)."""

    progress = Signal(str, bool)  # text, done

    def __init__(self, session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.task: asyncio.Task | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, analysis: Analysis, text: str, station_code: str) -> asyncio.Task | None:
        """Write, upload and push; None while a push runs or without a live session."""
        if self.busy or getattr(self._session, "state", None) is None:
            return None
        self.task = asyncio.ensure_future(self._push(analysis, text, station_code))
        return self.task

    async def _push(self, analysis: Analysis, text: str, station_code: str) -> None:
        label = analysis.period.label
        try:
            with tempfile.TemporaryDirectory(prefix="jingwang-yp-") as folder:
                pdf = Path(folder) / f"研判_{analysis.scope.code}_{label}.pdf"
                self.progress.emit(_t("正在生成研判报告…"), False)
                pages = await asyncio.get_running_loop().run_in_executor(None, write_analysis_pdf, analysis, pdf)
                notices = plan(self._session.state, station_code, label, with_report(text, pdf.name, pages), pdf)
                self.progress.emit(_t("正在上传研判报告（{pages} 页）…").format(pages=pages), False)
                await upload(self._session.client, pdf)
        except DomainError as refused:
            self.progress.emit(_t("推送失败：{reason}").format(reason=refused.zh), True)
            return
        except CommandRefused as refused:
            self.progress.emit(_t("推送失败：{reason}").format(reason=refused.error.get("zh", "")), True)
            return
        except (OSError, ConnectionError, TimeoutError):
            self.progress.emit(_t("推送失败：中继未应答或报告无法写入"), True)
            return
        for notice in notices:
            self._session.command("notice.send", notice.args)
        self.progress.emit(_t("已推送研判要点与报告：{n} 条通知").format(n=len(notices)), True)
