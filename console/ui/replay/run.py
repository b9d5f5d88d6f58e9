"""``jingwang replay``: open a replay window on the database, or write one incident's report as a PDF.

With ``--relay`` the trainer logs in too, so bookmarks can be added (they go through the relay);
without it the replay only reads the database.
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

    from console.services.history import open_history
    from console.ui.replay.launch import incident_report
    from console.ui.reports.incident_pdf import write_incident_pdf

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts and painting need one
    store = open_history(db_url)
    try:
        return write_incident_pdf(incident_report(store, incident), path)
    finally:
        store.dispose()


def run_replay(db_url: str, choice: RangeChoice, *, relay: str | None = None, user: str = "t01",
               password: str | None = None) -> int:
    """Open the replay of ``choice``; returns when its window closes."""
    import qasync

    from console.services.history import open_history
    from console.ui.app import create_app
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
    store = open_history(db_url)
    replay, start, end, incident = load_replay(store, choice, now_ms())
    live = None
    if relay:
        live = ConsoleSession(relay, user, password or getpass.getpass(f"{user} 密码 / password: "))

    async def main() -> None:
        closed = asyncio.Event()
        session = ReplaySession(replay, start, end, account=user if live else "")
        window = ReplayWindow(session, title=incident or choice.day.isoformat(),
                              bookmarks=BookmarkChannel(live, session) if live else None,
                              report=lambda inc: open_report(window, inc, lambda: incident_report(store, inc)))
        install_basemap(window.map.map, config.tile_source(), config.tile_cache_dir())
        window.closed.connect(closed.set)
        for sig in (signal.SIGTERM, signal.SIGINT):  # close like the window's X: the layout is saved
            asyncio.get_running_loop().add_signal_handler(sig, window.close)
        if incident:
            window.follow_incident(incident)
        if live is not None:
            live.start()
        session.start()
        window.resize(1500, 950)
        window.show()
        await closed.wait()
        if live is not None:
            await live.async_close()

    try:
        qasync.run(main())
    finally:
        store.dispose()
    return 0
