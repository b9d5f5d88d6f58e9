"""``jingwang replay``: open a replay window on the database, or write one incident's report as a PDF.

With ``--relay`` the trainer logs in and the history is read through the relay (queries: the workstation
needs no database access) and bookmarks can be added; with ``--db`` as well, the history comes from that
database (on the server). Without ``--relay`` the replay only reads the database.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import signal
import sys
from datetime import date

from console import config
from console.domain import station_time
from console.domain.clock import now_ms
from console.domain.errors import DomainError
from console.ui.replay.range_dialog import RangeChoice


def choice_of(incident: str | None, day: str | None, shift: str | None) -> RangeChoice:
    """The range the command line names (``--incident`` or ``--date`` [``--shift``])."""
    if incident:
        return RangeChoice("incident", station_time.today(), incident=incident)
    try:
        when = date.fromisoformat(day or "")
    except ValueError:
        raise DomainError("E_FIELD", f"--date 应为 YYYY-MM-DD: {day!r}") from None
    return RangeChoice("shift", when, shift) if shift else RangeChoice("day", when)


def export_pdf(db_url: str, incident: str, path: str) -> int:
    """Write the timeline report of ``incident`` to ``path``; returns the number of pages."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from console.services.history import StoreHistory
    from console.ui.replay.launch import incident_report
    from console.ui.reports.incident_pdf import write_incident_pdf

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts and painting need one
    history = StoreHistory.open(db_url)
    try:
        return write_incident_pdf(incident_report(history, incident), path)
    finally:
        history.dispose()


def run_replay(db_url: str | None, choice: RangeChoice, *, relay: str | None = None, user: str = "t01",
               password: str | None = None) -> int:
    """Open the replay of ``choice``; returns when its window closes. ``db_url`` None: read through ``relay``."""
    import qasync

    from console.services.history import StoreHistory
    from console.ui.app import create_app
    from console.ui.history_source import history_factory
    from console.ui.map.basemap import install_basemap
    from console.ui.replay.bookmarks import BookmarkChannel
    from console.ui.replay.launch import incident_report, load_replay
    from console.ui.replay.report_view import open_report
    from console.ui.replay.session import ReplaySession
    from console.ui.replay.window import ReplayWindow
    from console.ui.session import ConsoleSession

    config.apply_sla_limits()
    app = create_app(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    live = None
    if relay:
        live = ConsoleSession(relay, user, password or getpass.getpass(f"{user} 密码 / password: "))
    history = StoreHistory.open(db_url) if db_url else None

    async def main() -> None:
        nonlocal history
        closed = asyncio.Event()
        loop = asyncio.get_running_loop()
        if live is not None:
            live.start()
            await live.client.wait_live(60.0)
        if history is None:
            history = history_factory(live)()
        replay, start, end, incident = await loop.run_in_executor(None, load_replay, history, choice, now_ms())
        session = ReplaySession(replay, start, end, account=user if live else "")
        window = ReplayWindow(session, title=incident or choice.day.isoformat(),
                              bookmarks=BookmarkChannel(live, session) if live else None,
                              report=lambda inc: open_report(window, inc, lambda: incident_report(history, inc)))
        install_basemap(window.map.map, config.tile_source(), config.tile_cache_dir())
        window.closed.connect(closed.set)
        for sig in (signal.SIGTERM, signal.SIGINT):  # close like the window's X: the layout is saved
            loop.add_signal_handler(sig, window.close)
        if incident:
            window.follow_incident(incident)
        session.start()
        window.resize(1500, 950)
        window.show()
        await closed.wait()
        if live is not None:
            await live.async_close()

    try:
        qasync.run(main())
    finally:
        if history is not None:
            history.dispose()
    return 0
