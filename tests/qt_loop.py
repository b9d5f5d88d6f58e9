"""A test's coroutine on a qasync loop over the test's QApplication, leaving nothing running behind it.

A loop that is dropped with tasks, timers or socket notifiers still registered lets a later test's
``processEvents`` call into freed objects (a segfault a few tests later). Here every task left is
cancelled and awaited, async generators are shut down and the loop is closed before the test goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import qasync


def run_on_qt_loop(qapp, coro: Coroutine[Any, Any, Any], timeout: float = 60) -> Any:
    """Run ``coro`` to completion (at most ``timeout`` s) on a fresh qasync loop; return its result.

    The last window closing does not quit the application meanwhile (as in ``run_console``, where an
    accepted login dialog is the last window for a moment)."""
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(asyncio.wait_for(coro, timeout))
    finally:
        try:
            left = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in left:
                task.cancel()
            if left:
                loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
            qapp.setQuitOnLastWindowClosed(quits)
