"""Headless Chromium driven over the Chrome DevTools Protocol (CDP) with the ``websockets`` library.

Used by the web field client test: start Debian's ``chromium`` with fake camera and microphone,
attach to one page (flattened sessions over the browser's websocket), evaluate JavaScript, wait for
conditions with deadlines and take screenshots. No sleeps: every wait is on a condition.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--disable-features=WebRtcHideLocalIpsWithMdns", "--remote-debugging-port=0",
    "--accept-lang=zh-CN",  # a Chinese phone: navigator.language picks the pages' language (console/web/i18n.js)
]


class PageError(AssertionError):
    """JavaScript threw while evaluating an expression in the page."""


class Chromium:
    """One headless browser with one page; use as ``async with Chromium() as page``."""

    def __init__(self, width: int = 390, height: int = 844, *, flags: tuple[str, ...] = ()) -> None:
        self.width, self.height = width, height
        self.flags = [*FLAGS, *flags]
        self._dir = tempfile.TemporaryDirectory(prefix="jw-chromium-", ignore_cleanup_errors=True)
        self._proc: asyncio.subprocess.Process | None = None
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future] = {}
        self.session: str | None = None
        self.console: list[str] = []  # console messages and uncaught exceptions, for failure reports
        self.ws_sent: list[dict] = []  # JSON frames the page sent over its websockets

    async def __aenter__(self) -> Chromium:
        profile = Path(self._dir.name)
        self._proc = await asyncio.create_subprocess_exec(
            CHROMIUM, *self.flags, f"--user-data-dir={profile}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        await _until(lambda: port_file.exists() and len(port_file.read_text().splitlines()) >= 2, 30.0,
                     "chromium DevToolsActivePort")
        port, path = port_file.read_text().splitlines()[:2]
        self._ws = await connect(f"ws://127.0.0.1:{port}{path}", max_size=None, compression=None)
        self._reader = asyncio.create_task(self._read())
        target = await self.browser("Target.createTarget", url="about:blank")
        attached = await self.browser("Target.attachToTarget", targetId=target["targetId"], flatten=True)
        self.session = attached["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Network.enable"):
            await self.send(domain)
        await self.send("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                        deviceScaleFactor=1, mobile=True)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._ws is not None:
            with contextlib.suppress(TimeoutError, ConnectionClosed, PageError):  # a clean shutdown lets every
                await asyncio.wait_for(self.browser("Browser.close"), 10)  # child exit before the profile goes
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)
        if self._proc is not None:
            try:
                await asyncio.wait_for(self._proc.wait(), 15)
            except TimeoutError:
                self._proc.kill()
                await self._proc.wait()
        self._dir.cleanup()

    # -- protocol --------------------------------------------------------------------------------

    async def browser(self, method: str, **params) -> dict:
        """A command to the browser target."""
        return await self._call(method, params, None)

    async def send(self, method: str, **params) -> dict:
        """A command to the attached page."""
        return await self._call(method, params, self.session)

    async def _call(self, method: str, params: dict, session: str | None) -> dict:
        message_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        frame = {"id": message_id, "method": method, "params": params}
        if session:
            frame["sessionId"] = session
        await self._ws.send(json.dumps(frame))
        reply = await asyncio.wait_for(future, 30.0)
        if "error" in reply:
            raise PageError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def _read(self) -> None:
        try:
            await self._dispatch()
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(PageError("the browser closed the DevTools connection"))

    async def _dispatch(self) -> None:
        async for raw in self._ws:
            msg = json.loads(raw)
            if "id" in msg:
                future = self._pending.pop(msg["id"], None)
                if future is not None and not future.done():
                    future.set_result(msg)
            elif msg.get("method") == "Runtime.consoleAPICalled":
                args = msg["params"]["args"]
                self.console.append(" ".join(str(a.get("value", a.get("description", ""))) for a in args))
            elif msg.get("method") == "Network.webSocketFrameSent":
                payload = msg["params"]["response"]["payloadData"]
                self.ws_sent.append(json.loads(payload) if payload.startswith("{") else {"raw": payload})
            elif msg.get("method") == "Runtime.exceptionThrown":
                details = msg["params"]["exceptionDetails"]
                self.console.append("exception: " + details.get("exception", {}).get("description", details["text"]))

    # -- page helpers ----------------------------------------------------------------------------

    async def grant(self, origin: str, *permissions: str) -> None:
        await self.browser("Browser.grantPermissions", origin=origin, permissions=list(permissions))

    async def set_geolocation(self, lat: float, lng: float, accuracy: float = 10.0) -> None:
        await self.send("Emulation.setGeolocationOverride", latitude=lat, longitude=lng, accuracy=accuracy)

    async def goto(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.wait_for("document.readyState === 'complete' && location.href.startsWith("
                            + json.dumps(url) + ")", what=f"{url} loaded")

    async def evaluate(self, expression: str):
        """The value of ``expression`` in the page (promises are awaited)."""
        result = await self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise PageError(f"{expression}: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, timeout: float = 20.0, what: str = ""):
        """Evaluate ``expression`` until it is truthy; fail after ``timeout`` s with the page's console."""
        deadline = time.monotonic() + timeout
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                log = "\n".join(self.console[-20:])
                raise AssertionError(f"timed out after {timeout}s waiting for {what or expression}\n{log}")
            await asyncio.sleep(0.05)

    async def click(self, selector: str) -> None:
        await self.wait_for(f"(e => e && !e.disabled && !e.hidden)(document.querySelector({json.dumps(selector)}))",
                            what=f"{selector} clickable")
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    async def fill(self, selector: str, value: str) -> None:
        await self.evaluate(f"(e => {{ e.value = {json.dumps(value)}; e.dispatchEvent(new Event('input')); }})"
                            f"(document.querySelector({json.dumps(selector)}))")

    async def set_files(self, selector: str, *paths: Path) -> None:
        """Choose files in an ``<input type=file>`` as a user would (fires ``change``)."""
        document = await self.send("DOM.getDocument")
        node = await self.send("DOM.querySelector", nodeId=document["root"]["nodeId"], selector=selector)
        await self.send("DOM.setFileInputFiles", nodeId=node["nodeId"], files=[str(p) for p in paths])

    async def screenshot(self, path: Path) -> Path:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)
