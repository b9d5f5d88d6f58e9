"""Render the main window with demo data to a PNG: ``python -m console.ui.preview out.png``.

Run with ``QT_QPA_PLATFORM=offscreen`` on a machine without a display.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

from console.domain.clock import now_ms
from console.domain.state import apply
from console.testing.sample_state import demo_events
from console.ui.app import create_app
from console.ui.demo_session import DemoSession
from console.ui.main_window import MainWindow


def render(out: Path, width: int = 1600, height: int = 1000) -> Path:
    app = create_app(sys.argv[:1])
    now = now_ms()
    state, events = demo_events(now)
    cut = len(events) - 60
    for e in events[:cut]:
        apply(state, e)
    live = events[cut:]
    session = DemoSession(state)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "preview.ini"), QSettings.Format.IniFormat)
        window = MainWindow(session, settings)
        window.resize(width, height)
        window.show()
        session.connection_changed.emit("connected", "ws://127.0.0.1:8765")
        for k in range(0, len(live), 6):  # the last events arrive live, as the relay would send them
            session.feed(live[k : k + 6])
        app.processEvents()
        incident = next(i for i in session.state.incidents.values() if i.status.value == "accepted")
        window.select_incident(incident.id)
        window.map.zoom_to_district()
        window.map.refresh_now()
        window.queue.refresh_counters()
        window.workers.refresh_summary()
        window.status.tick()
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out))
        window.settings = QSettings(str(Path(tmp) / "discard.ini"), QSettings.Format.IniFormat)
        window.close()
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "preview.png")
    print(render(target))
