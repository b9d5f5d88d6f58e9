"""Start the console: Qt application, session and main window on one qasync loop."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import qasync

from console import config
from console.domain.recording_days import prune_recordings
from console.media.engine import MediaEngine
from console.services.recording_upload import RecordingUploader
from console.ui.calls.service import CallService
from console.ui.session import ConsoleSession

log = logging.getLogger(__name__)


async def async_login(relay_url: str, user: str, password: str | None) -> ConsoleSession | None:
    """A started session: straight away with a password (scripts), else through the login dialog
    (None when the dispatcher closes it)."""
    if password:
        session = ConsoleSession(relay_url, user, password)
        session.start()
        return session
    from console.ui.login import LoginDialog

    dialog = LoginDialog(relay_url, user)
    finished = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda result: finished.done() or finished.set_result(result))
    dialog.show()
    accepted = await finished == LoginDialog.DialogCode.Accepted
    return dialog.session if accepted else None


def run_console(relay_url: str, user: str, password: str | None, *, owns_relay: bool = False,
                history_db: str | None = None) -> int:
    """Open the dispatcher console connected to ``relay_url`` (asking for the password in a login dialog
    when none is given); returns when the window closes. Closing asks first when work is open; with
    ``owns_relay`` (the demo) it also asks before a relay other desks use is stopped. Returns 0, or
    :data:`KEEP_RELAY` when the dispatcher chose to close only the window and leave the relay running."""
    from console.ui.app import create_app
    from console.ui.close_guard import RelayOwner, install_close_guard
    from console.ui.main_window import MainWindow
    from console.ui.map.basemap import install_basemap

    config.apply_sla_limits()
    app = create_app(sys.argv)
    app.setQuitOnLastWindowClosed(False)  # main() ends the loop itself, after the session is closed
    owner = RelayOwner(health_url(relay_url)) if owns_relay else None

    async def main() -> None:
        closed = asyncio.Event()
        session = await async_login(relay_url, user, password)
        if session is None:
            return
        engine = MediaEngine().start()  # aiortc on its own thread: decoding never runs on the GUI thread
        uploader = RecordingUploader(session.client, config.pending_uploads_file())  # resumes what is pending
        uploader.start()
        calls = CallService(session, engine, recordings=config.recordings_dir(), uploader=uploader)
        engine.submit(asyncio.to_thread(prune_recordings, config.recording_cache_dir(),
                                        config.RECORDING_RETENTION_DAYS.get()))  # recordings fetched for replay
        window = MainWindow(session, history_db=history_db)  # no --db: summary and replay read through the relay
        window.calls.set_service(calls)
        install_basemap(window.map.map, config.tile_source(), config.tile_cache_dir())
        window.closed.connect(closed.set)
        guard = install_close_guard(window, session, owner)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):  # close like the window's X (the layout is saved), unasked
            loop.add_signal_handler(sig, guard.close_now)
        if window.layout_restored:
            window.show()
        else:  # first start on this workstation: the whole screen
            window.setGeometry(app.primaryScreen().availableGeometry())
            window.showMaximized()
        session.announce()  # the window was built after the login: tell it the state it missed
        stations = session.state.district.stations if session.state is not None else []
        if stations:
            window.setWindowTitle(f"{window.windowTitle()} · {stations[0].name}")
        log.info("console ready: %s as %s", relay_url, user)  # the installer's smoke test waits for this line
        await closed.wait()
        await calls.async_close()
        await uploader.close()
        await session.async_close()
        engine.stop()
        for sig in (signal.SIGTERM, signal.SIGINT):  # before the loop closes its wakeup socket under a late signal
            loop.remove_signal_handler(sig)

    qasync.run(main())
    return KEEP_RELAY if owner is not None and owner.keep_running else 0


KEEP_RELAY = 10  # run_console's answer: only the window was closed, the demo's relay keeps serving others


def health_url(relay_url: str) -> str:
    """``/healthz`` of a relay given by its websocket URL."""
    return relay_url.replace("wss://", "https://", 1).replace("ws://", "http://", 1).rstrip("/") + "/healthz"
