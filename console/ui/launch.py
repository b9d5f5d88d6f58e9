"""Start the console: Qt application, session and main window on one qasync loop."""

from __future__ import annotations

import asyncio
import sys

import qasync

from console.services.session import ConsoleSession


def run_console(relay_url: str, user: str, password: str) -> int:
    """Open the dispatcher console connected to ``relay_url``; returns when the window closes."""
    from console.ui.app import create_app
    from console.ui.main_window import MainWindow

    app = create_app(sys.argv)

    async def main() -> None:
        closed = asyncio.Event()
        app.aboutToQuit.connect(closed.set)
        session = ConsoleSession(relay_url, user, password)
        window = MainWindow(session)
        window.show()
        session.start()
        await closed.wait()
        await session.async_close()

    qasync.run(main())
    return 0
