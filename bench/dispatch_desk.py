"""Two dispatch desks through a shift: 500 incidents over an accelerated hour, driven by key presses.

    QT_QPA_PLATFORM=offscreen python -m bench.dispatch_desk [--incidents 500] [--seconds 60] [--desks 2]

A real relay runs as a child process over a seeded SQLite file. In this process: a field gateway
(``fieldsim``) reports the incidents (a Poisson stream compressing an hour into ``--seconds``) and lets
the dispatched worker sign, arrive and feed back; two real ``MainWindow`` s (d01, d02) on real
``ConsoleSession`` s, offscreen, on one qasync loop. Each desk takes its share of the queue (by incident
number, as two desks split a shift) and works it with the keys a dispatcher presses: pick the row
(one click or ↓), F2 受理, F3 派遣 + Enter (a second Enter when the dialog asks), F4 核查, F4 办结 with its
处理结果 (1, Tab, the note, Enter, Enter to confirm).

Screen response: from the command key until the queue row shows the new status (the model has it and
the row has been repainted). Goal: p99 ≤ 200 ms. Keys per dispatched incident: the presses from new to
dispatched, row pick included (goal ≤ 5); keys per closed incident: the same from feedback to closed.
Baselines in the same run: the relay alone (50 position reports before any window opens), and the
gateway's report → ack round trips during the shift. The gateway shares this loop with both desks, so
the second includes the time a message waits for the desks' work: both desks and the gateway run on one
GUI thread here, where real desks each have their own machine. Screen minus the relay alone is what the
consoles cost (their own work and each other's); the two baselines differ by the loop's queueing.

The desks take the keyboard in turn (an offscreen application has one active window) and the response
is timed from the press, so switching windows is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from bench.common import percentile, seeded_sqlite, start_child, stop_child
from console.domain import events as ev
from console.domain.incidents import Status
from console.field.district import generate_district
from console.net.client import RelayClient
from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT
from console.ui.app import create_app
from console.ui.main_window import MainWindow
from console.ui.queue.columns import Col
from console.ui.session import ConsoleSession

WORKERS = 200
POLL_S = 0.005  # waiting for a window to come to the front
DRAIN_S = 600  # after the last report: until every incident is closed, a 10 s stall, or this


class Field:
    """The gateway: reports incidents on a Poisson schedule; dispatched workers sign, arrive, feed back."""

    def __init__(self, url: str, seed: int) -> None:
        self.demo = generate_district(seed=7, workers=WORKERS)
        self.rng = random.Random(seed)
        self.grid_workers = [w for w in self.demo.workers if w.kind.value == "grid_worker"] or self.demo.workers
        self.client = RelayClient(url, *GATEWAY_ACCOUNT, on_events=self._events)
        self.round_trips: list[float] = []
        self.idle_trips: list[float] = []
        self.reported = 0
        self._tasks: set[asyncio.Task] = set()
        self.failures: list[str] = []

    def _events(self, events) -> None:
        for e in events:
            if e.type == ev.INCIDENT_DISPATCHED and e.actor != GATEWAY_ACCOUNT[0]:
                task = asyncio.ensure_future(self._work(e.data["incident"], e.data["worker"]))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _work(self, incident: str, worker: str) -> None:
        try:
            for op in ("incident.sign", "incident.arrive", "incident.feedback"):
                await self.client.request(op, {"incident": incident, "worker": worker, "note": "已处置完毕"})
        except Exception as exc:
            self.failures.append(f"{incident} {worker}: {exc!r}")

    async def on_duty(self) -> None:
        """Every worker on duty with a fresh fix, as the simulator's gateway does at start."""
        await asyncio.gather(*(self.client.request("worker.duty", {"worker": w.id, "on": True})
                               for w in self.demo.workers))
        await self.positions()

    async def positions(self) -> None:
        await asyncio.gather(*(self.client.request("position.report", {"worker": w.id, "lng": w_pos[0],
                                                                       "lat": w_pos[1]})
                               for w, w_pos in self._homes()))

    def _homes(self):
        grids = {g.code: g for g in self.demo.district.grids}
        for w in self.demo.workers:
            grid = grids.get(w.grid_code)
            ring = grid.polygon if grid is not None else ()
            if ring:
                yield w, (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))

    async def idle_round_trips(self, count: int = 50) -> list[float]:
        """The relay alone: ``count`` position reports one after another while no window is open yet, so
        nothing else waits on this loop (ms, sorted)."""
        worker, (lng, lat) = next(self._homes())
        trips = []
        for _ in range(count):
            started = time.perf_counter()
            await self.client.request("position.report", {"worker": worker.id, "lng": lng, "lat": lat})
            trips.append((time.perf_counter() - started) * 1000)
        return sorted(trips)

    async def keep_fresh(self, stop: asyncio.Event, every_s: float = 5.0) -> None:
        """A fix for every worker every ``every_s`` seconds, so none goes stale (失联) during the shift."""
        while not stop.is_set():
            await asyncio.sleep(every_s)
            await self.positions()

    async def report(self, count: int, seconds: float) -> None:
        addresses = self.demo.district.addresses
        gaps = [self.rng.expovariate(count / seconds) for _ in range(count)]
        for gap in gaps:
            await asyncio.sleep(gap)
            worker = self.rng.choice(self.grid_workers)
            addr = self.rng.choice(addresses)
            started = time.perf_counter()
            await self.client.request("incident.report", {
                "worker": worker.id, "category": "200200", "priority": 3, "address_code": addr.code,
                "narrative": "邻里纠纷，需调解"})
            self.round_trips.append((time.perf_counter() - started) * 1000)
            self.reported += 1


class Refused(Exception):
    """The console showed a refusal instead of the new status."""


class Desk:
    """One dispatcher at one console window, pressing keys."""

    def __init__(self, index: int, desks: int, session: ConsoleSession, window: MainWindow,
                 keyboard: asyncio.Lock) -> None:
        self.index, self.desks = index, desks
        self.keyboard = keyboard
        self.session, self.window = session, window
        self.table = window.queue.table
        self.responses: list[float] = []
        self.dispatch_keys: list[int] = []
        self.close_keys: list[int] = []
        self.dispatched = self.closed = 0
        self.confirmations: list[str] = []
        self.refusals: list[str] = []
        self.misses: list[str] = []
        self.left_open: list[str] = []  # dialogs a failed step left open, closed with Esc

    def mine(self, incident_id: str) -> bool:
        return int(incident_id[-6:]) % self.desks == self.index

    def next_job(self) -> tuple[str, Status] | None:
        state = self.session.state
        for inc in state.incidents.values():
            if inc.status in (Status.NEW, Status.ACCEPTED, Status.FEEDBACK, Status.VERIFYING) and self.mine(inc.id):
                return inc.id, inc.status
        return None

    async def next_batch(self, timeout: float = 0.5) -> None:
        """Idle until the session applies the next batch of events (a new incident, feedback: work)."""
        arrived = asyncio.get_running_loop().create_future()

        def wake(_changes) -> None:
            if not arrived.done():
                arrived.set_result(None)

        self.session.changed.connect(wake)
        try:
            await asyncio.wait_for(arrived, timeout)
        except TimeoutError:
            pass
        finally:
            self.session.changed.disconnect(wake)

    async def key(self, key: Qt.Key, widget=None) -> float:
        """Press ``key`` in this desk's window; returns when it was pressed (perf_counter).

        Offscreen, both desks share one application and so one active window: a desk first brings its
        window to the front (holding :attr:`keyboard` meanwhile, so the other desk cannot take it back
        before the key lands). That wait is the bench's, not the console's: the response is timed from
        the press."""
        self.read_refusal()
        async with self.keyboard:
            waited = time.perf_counter()
            while not self.window.isActiveWindow():  # asked again: a dialog closing gives its own window the focus
                if time.perf_counter() - waited > 5.0:
                    raise TimeoutError(f"{self.window.selected_incident()} window never became active")
                self.window.activateWindow()
                await asyncio.sleep(POLL_S)
            pressed = time.perf_counter()
            QTest.keyClick(widget or self.table, key)
        return pressed

    def refusal_shown(self) -> QMessageBox | None:
        """The refusal box on screen, if any: 操作失败, or 人员忙 (the worker was taken meanwhile)."""
        for box in (self.window._error_box, self.window.force_box):
            if box is not None and box.isVisible():
                return box
        return None

    def read_refusal(self) -> None:
        """The dispatcher reads the refusal and closes it (Esc: no forced dispatch; F3 again shows who is free),
        and closes a dialog a failed step left open (it would keep the window from the keyboard)."""
        box = self.refusal_shown()
        if box is not None:
            self.refusals.append(box.text())
            QTest.keyClick(box, Qt.Key.Key_Escape)
            box.hide()
        for dialog in (self.window.dispatch_dialog, self.window.incident_actions.dialog):
            if dialog is not None and dialog.isVisible():
                self.left_open.append(dialog.windowTitle())
                dialog.reject()

    async def until_row_shows(self, incident_id: str, status: Status, started: float, timeout: float = 10.0) -> None:
        """Wait until the queue row shows ``status`` (a closed incident leaves the default open queue: gone
        is how its row shows 办结), repaint the rows, take the time. Woken by the model's own signals, not
        by polling: a poll every millisecond would load the very loop whose response it measures."""
        model = self.window.queue.model
        done = asyncio.get_running_loop().create_future()

        def check(*_args) -> None:
            if done.done():
                return
            row = model.row_of(incident_id)
            shown = model.index(row, Col.STATUS).data() if row >= 0 else None
            if (shown or "").startswith(status.label[:2]) or (status is Status.CLOSED and row < 0):
                done.set_result(None)
            elif self.refusal_shown() is not None:
                done.set_exception(Refused(incident_id))

        signals = (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.layoutChanged,
                   model.modelReset, self.session.command_failed)
        for signal in signals:
            signal.connect(check)
        try:
            check()
            await asyncio.wait_for(done, max(0.0, timeout - (time.perf_counter() - started)))
        except TimeoutError:
            raise TimeoutError(f"{incident_id} never showed {status.label}") from None
        finally:
            for signal in signals:
                signal.disconnect(check)
        self.table.viewport().repaint()
        self.responses.append((time.perf_counter() - started) * 1000)

    async def press_and_wait(self, key: Qt.Key, incident_id: str, status: Status) -> None:
        started = await self.key(key)
        await self.until_row_shows(incident_id, status, started)

    async def work(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.one_job()
            except Refused:  # read, closed, and the incident is worked again from its fresh state
                self.read_refusal()
            except TimeoutError as exc:  # counted and reported; the shift goes on
                inc = self.session.state.incidents.get(str(exc).split()[0])
                actions = self.window.incident_actions
                enabled = [k for k, a in actions.actions.items() if a.isEnabled()]
                self.misses.append(f"{exc} (now {inc.status.label if inc else '?'}; selected "
                                   f"{self.window.selected_incident()}, enabled {enabled}, active "
                                   f"{self.window.isActiveWindow()}, modal {QApplication.activeModalWidget()}, "
                                   f"left filter {self.window.queue.left_filter()})")

    async def one_job(self) -> None:
        job = self.next_job()
        if job is None:
            await self.next_batch()
            return
        incident_id, status = job
        self.window.select_incident(incident_id)  # one click on the row (or ↓)
        keys = 1
        if status in (Status.NEW, Status.ACCEPTED):
            if status is Status.NEW:
                await self.press_and_wait(Qt.Key.Key_F2, incident_id, Status.ACCEPTED)
                keys += 1
            await self.key(Qt.Key.Key_F3)
            dialog = self.window.dispatch_dialog
            if dialog is None:  # F3 did not open it (the action was not enabled yet): try again
                await asyncio.sleep(0.01)
                return
            started = time.perf_counter()
            keys += 2
            QTest.keyClick(dialog.table, Qt.Key.Key_Return)
            if dialog.isVisible():  # the dialog asked (busy or support-only): confirm
                self.confirmations.append(dialog.warning.text())
                started = time.perf_counter()
                QTest.keyClick(dialog.table, Qt.Key.Key_Return)
                keys += 1
            await self.until_row_shows(incident_id, Status.DISPATCHED, started)
            self.dispatch_keys.append(keys)
            self.dispatched += 1
        else:
            if status is Status.FEEDBACK:
                await self.press_and_wait(Qt.Key.Key_F4, incident_id, Status.VERIFYING)
                keys += 1
            keys += await self.close(incident_id)
            self.close_keys.append(keys)
            self.closed += 1

    async def close(self, incident_id: str) -> int:
        """F4 on 待核查 opens the 办结 dialog: 1 (已处置), Tab, what was done, Enter, Enter to confirm.
        The response is timed from the confirming Enter, the key that sends; returns the command keys."""
        await self.key(Qt.Key.Key_F4)
        dialog = self.window.incident_actions.dialog
        if dialog is None or dialog.op != "incident.close":
            raise TimeoutError(f"{incident_id} F4 opened no 办结 dialog")
        for key in (Qt.Key.Key_1, Qt.Key.Key_Tab):
            QTest.keyClick(dialog.focusWidget() or dialog, key)
        typed = QInputMethodEvent()  # Chinese comes through the input method, committed as a phrase
        typed.setCommitString("已调解，双方和解")
        QApplication.sendEvent(dialog.focusWidget() or dialog.reason, typed)
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
        if not dialog.confirming:
            raise TimeoutError(f"{incident_id} 办结 dialog did not ask to confirm: {dialog.reason_error.text()}")
        started = time.perf_counter()
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
        await self.until_row_shows(incident_id, Status.CLOSED, started)
        return 5  # F4, 1, Tab, Enter, Enter (the note's characters are text, not command keys)


async def shift(url: str, incidents: int, seconds: float, desks: int, folder: Path) -> tuple[list[Desk], Field]:
    field = Field(url, seed=11)
    field.client.start()
    await field.client.wait_live(60)
    await field.on_duty()
    field.idle_trips = await field.idle_round_trips()
    windows = []
    keyboard = asyncio.Lock()
    for k in range(desks):
        session = ConsoleSession(url, f"d0{k + 1}", DEMO_PASSWORD)
        session.start()
        await session.client.wait_live(60)
        window = MainWindow(session, QSettings(str(folder / f"desk{k}.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 800)
        window.map.hide()  # the map is not what is measured; two offscreen maps repainting would be
        window.show()
        windows.append(Desk(k, desks, session, window, keyboard))
    stop = asyncio.Event()
    workers = [asyncio.ensure_future(d.work(stop)) for d in windows]
    fresh = asyncio.ensure_future(field.keep_fresh(stop))
    await field.report(incidents, seconds)
    print(f"reported {field.reported} incidents", flush=True)
    deadline, last, still = time.monotonic() + DRAIN_S, -1, 0  # the desks work off what is left
    drained = time.monotonic()
    while sum(d.closed for d in windows) < incidents and time.monotonic() < deadline:
        if any(w.done() for w in workers):
            break
        await asyncio.sleep(1.0)
        done = sum(d.closed + d.dispatched for d in windows)
        still = still + 1 if done == last else 0
        last = done
        if still >= 10:  # no progress for 10 s: say where the rest are and stop
            left = [(i.id, i.status.label) for i in windows[0].session.state.incidents.values()
                    if i.status is not Status.CLOSED]
            print(f"stalled; not closed: {left[:6]}")
            break
        if round(time.monotonic() - drained) % 10 == 0:
            print(f"progress: reported={field.reported} dispatched={sum(d.dispatched for d in windows)} "
                  f"closed={sum(d.closed for d in windows)} field failures={len(field.failures)}", flush=True)
    print(f"worked off the rest in {time.monotonic() - drained:.0f} s after the last report")
    for failure in field.failures[:3]:
        print(f"field: {failure}")
    stop.set()
    fresh.cancel()
    for d in windows:
        for text in d.confirmations[:3]:
            print(f"d0{d.index + 1} confirmed: {text}")
        for text in d.misses[:3]:
            print(f"d0{d.index + 1} missed: {text}")
        for text in d.refusals[:3]:
            print(f"d0{d.index + 1} refused: {text}")
        for text in d.left_open[:3]:
            print(f"d0{d.index + 1} closed a dialog left open: {text}")
    for outcome in await asyncio.gather(*workers, return_exceptions=True):
        if isinstance(outcome, BaseException):
            print(f"desk stopped: {outcome!r}")
    for d in windows:
        d.window.close()
        await d.session.async_close()
    await field.client.close()
    return windows, field


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60.0, help="the hour, compressed into this many seconds")
    parser.add_argument("--desks", type=int, default=2)
    args = parser.parse_args()

    app = create_app()  # the console's own: theme, stylesheet, CJK font, Qt's texts in Chinese
    app.setQuitOnLastWindowClosed(False)  # closing the desks at the end must not stop the loop
    db_url = seeded_sqlite(workers=WORKERS)
    relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0"])
    folder = Path(tempfile.mkdtemp(prefix="jingwang-desk-"))
    began = time.monotonic()
    try:
        desks, field = qasync.run(shift(url, args.incidents, args.seconds, args.desks, folder))
    finally:
        stop_child(relay)
    elapsed = time.monotonic() - began
    screen = sorted(x for d in desks for x in d.responses)
    trips = sorted(field.round_trips)
    dispatch_keys = [k for d in desks for k in d.dispatch_keys]
    close_keys = [k for d in desks for k in d.close_keys]
    dispatched, closed = sum(d.dispatched for d in desks), sum(d.closed for d in desks)
    kpd = sum(dispatch_keys) / max(1, len(dispatch_keys))
    kpc = sum(close_keys) / max(1, len(close_keys))
    p50, p95, p99 = (percentile(screen, q) for q in (50, 95, 99))
    print(f"desks={args.desks} incidents={field.reported} (an hour in {args.seconds:g} s) dispatched={dispatched} "
          f"closed={closed} run={elapsed:.0f}s")
    print(f"screen response (key → row repainted): p50={p50:.1f} p95={p95:.1f} p99={p99:.1f} ms "
          f"max={screen[-1] if screen else float('nan'):.1f} ms over {len(screen)} commands")
    print(f"baseline relay round trip (report → ack): p50={percentile(trips, 50):.1f} "
          f"p99={percentile(trips, 99):.1f} ms during the shift (this loop also runs both desks), "
          f"p50={percentile(field.idle_trips, 50):.1f} p99={percentile(field.idle_trips, 99):.1f} ms "
          f"before the desks opened (the relay alone)")
    print(f"keys: {kpd:.2f} per dispatched incident (row, F2, F3, Enter [, Enter]); "
          f"{kpc:.2f} per closed incident (row, F4, F4, 1, Tab, Enter, Enter)")
    print(f"RESULT screen_p99_ms={p99:.1f} keys_per_dispatch={kpd:.2f} keys_per_close={kpc:.2f} "
          f"screen_p50_ms={p50:.1f} relay_p99_ms={percentile(trips, 99):.1f} "
          f"relay_alone_p50_ms={percentile(field.idle_trips, 50):.1f} dispatched={dispatched} "
          f"closed={closed} misses={sum(len(d.misses) for d in desks)} desks={args.desks}")
    app.quit()


if __name__ == "__main__":
    main()
