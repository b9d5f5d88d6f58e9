"""Import a station's table into the live system: through the relay, so every console sees it at once, or,
with no relay running, straight into the database through the same decider and event log.

Either way the whole file is checked first against the current state (:func:`check_file`); any problem
imports nothing unless bad rows may be skipped (they go to a bad-rows file). The good rows that change
something are sent as ``reference.upsert`` commands of at most one relay frame each. Chunks are cut over
all good rows of the file and keyed by the file's hash and the chunk's index, so a retried import (the
same file after a cut) is applied exactly once: the relay answers a chunk it has already committed as a
duplicate. Offline, every chunk is decided against one state and committed in one transaction.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from console.data_import.badfile import write_bad_rows
from console.data_import.check import FileCheck, check_file
from console.data_import.reader import DEFAULT_MAX_BYTES
from console.domain.clock import now_ms
from console.domain.decide import Actor, decide
from console.domain.decide_reference import MAX_ROWS
from console.domain.events import Event
from console.domain.reference import RefKind
from console.domain.state import State, apply
from console.domain.workers import Role
from console.net.client import AuthenticationFailed, CommandRefused, LoginDeferred, RelayClient
from console.protocol.messages import MAX_MESSAGE_BYTES
from console.store.store import Store, StoreLocked

log = logging.getLogger(__name__)

OP = "reference.upsert"
FRAME_BUDGET = MAX_MESSAGE_BYTES - 2048  # room for the frame around the rows
WINDOW = 4  # commands in flight through the relay
SHOWN = 50  # problems printed; the bad-rows file has them all
_size = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class ImportRefused(Exception):
    """Nothing can be imported (relay running for an offline import, login refused, not an admin)."""


@dataclass(slots=True)
class Outcome:
    """What an import did: the check, whether rows were written, and how."""

    check: FileCheck
    written: int = 0  # rows sent that change something
    commands: int = 0
    duplicates: int = 0  # chunks the relay had committed already (a retried import)
    bad_file: Path | None = None
    failed: str = ""  # why writing stopped part-way (through the relay only)
    lines: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 written or nothing to write, 1 row problems or a refused chunk, 2 the file refused."""
        if self.check.refused:
            return 2
        return 1 if self.failed or (self.check.issues and self.bad_file is None) else 0


@dataclass(frozen=True, slots=True)
class Request:
    """One import: ``kind`` from ``path``; ``skip_bad`` names the bad-rows file (None: any error stops it)."""

    kind: RefKind
    path: Path
    dry_run: bool = False
    skip_bad: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def plan_chunks(check: FileCheck) -> list[tuple[str, list[dict]]]:
    """(idempotency key, changed rows) for each chunk with anything to change, in file order."""
    prefix = f"imp:{check.kind.value}:{check.digest[:24]}:"
    chunks, current, size = [], [], 0
    for good in check.good:
        row_bytes = len(_size(good.row).encode()) + 1
        if current and (size + row_bytes > FRAME_BUDGET or len(current) >= MAX_ROWS):
            chunks.append(current)
            current, size = [], 0
        current.append(good)
        size += row_bytes
    if current:
        chunks.append(current)
    return [(f"{prefix}{i}", [g.row for g in chunk if g.changed]) for i, chunk in enumerate(chunks)
            if any(g.changed for g in chunk)]


def _args(req: Request, rows: list[dict]) -> dict:
    return {"kind": req.kind.value, "rows": rows, "source": req.path.name[-128:]}


def _checked(req: Request, state: State, out: Callable[[str], None]) -> tuple[Outcome, bool]:
    """Check the file and say what was found; (outcome, whether to go on and write)."""
    result = Outcome(check_file(req.path, req.kind, state, max_bytes=req.max_bytes))
    check = result.check
    c = check.counts()
    if not check.refused:
        out(f"{req.path.name}（{req.kind.label}，{check.sheet}）：共 {c['rows']} 行，正确 {c['good']} 行，"
            f"错误 {c['bad']} 行；其中新增或变更 {c['changed']} 行，未变 {c['unchanged']} 行")
    for issue in check.issues[:SHOWN]:
        out("  " + issue.line())
    if len(check.issues) > SHOWN:
        out(f"  …另有 {len(check.issues) - SHOWN} 个问题" + ("（见错误文件）" if req.skip_bad else ""))
    if check.refused:
        out("未导入任何数据")
        return result, False
    if check.issues and req.skip_bad is None:
        out("有错误：未导入任何数据（改正后重新导入，或用 --skip-bad 文件 只导入正确的行）")
        return result, False
    if check.bad and req.skip_bad is not None:
        result.bad_file = write_bad_rows(check, req.skip_bad)
        out(f"{len(check.bad)} 行错误已写入 {result.bad_file}（含“错误原因”列）")
    if req.dry_run:
        out("试运行：未写入任何数据")
        return result, False
    if not check.changed:
        out("没有需要导入的变化：0 行变更")
        return result, False
    return result, True


# -- offline: the database, with the relay stopped ----------------------------------------------------

def offline_actor(user: str | None = None) -> Actor:
    """Who an offline import is logged as: ``cli:<system user>`` (or the given name), an administrator."""
    return Actor((user or f"cli:{getpass.getuser()}")[:64], Role.ADMIN, workstation=socket.gethostname()[:64])


def import_offline(store: Store, req: Request, actor: Actor, out: Callable[[str], None] = print) -> Outcome:
    """Check and write through the decider and the event log, in one transaction. Raises
    :class:`ImportRefused` while a relay holds the database (import through it instead)."""
    if not req.dry_run:
        try:
            store.acquire_writer_lock()
        except StoreLocked as exc:
            raise ImportRefused(f"中继正在运行（{exc}）：请用 --relay ws://… --user 管理员账号 通过中继导入") from None
    try:
        state = store.load_state()
        result, go = _checked(req, state, out)
        if not go:
            return result
        chunks = plan_chunks(result.check)
        done = store.find_committed([(actor.account, key) for key, _ in chunks])
        batch: list[tuple[Event, str | None]] = []
        at = now_ms()
        for key, rows in chunks:
            if (actor.account, key) in done:
                result.duplicates += 1
                continue
            event_type, data = decide(state, actor, OP, _args(req, rows), at, state.seq + 1)
            event = Event(state.seq + 1, at, event_type, actor.account, data)
            apply(state, event)
            batch.append((event, key))
            result.written += len(data["rows"])
        store.commit(batch, state)
        result.commands = len(batch)
        out(f"已导入 {result.written} 行（{len(batch)} 个事件，直接写入数据库）")
        return result
    finally:
        store.release_writer_lock()


# -- through a running relay --------------------------------------------------------------------------

async def import_via_relay(url: str, user: str, password: str, req: Request,
                           out: Callable[[str], None] = print, workstation: str = "") -> Outcome:
    """Check against the relay's state and send the chunks as ``reference.upsert`` commands; every console
    folds them as they commit. Raises :class:`ImportRefused` when the login fails or is not an admin's."""
    started = time.monotonic()
    state = await _fetch_state(url, user, password, workstation)
    loop = asyncio.get_running_loop()
    result, go = await loop.run_in_executor(None, _checked, req, state, out)
    if not go:
        return result
    checked = time.monotonic()
    chunks = plan_chunks(result.check)
    client = RelayClient(url, user, password, subscribe=False, workstation=workstation)
    task = client.start()
    try:
        await _logged_in(client, task)
        window = asyncio.Semaphore(WINDOW)
        failures: list[str] = []

        async def send(index: int, key: str, rows: list[dict]) -> None:
            try:
                if failures:
                    return
                ack = await client.send_command(OP, _args(req, rows), key)
                result.commands += 1
                if ack.get("duplicate"):
                    result.duplicates += 1
                else:
                    result.written += len(rows)
            except CommandRefused as exc:
                failures.append(f"第 {index + 1} 批被中继拒绝：{exc.error.get('zh', exc.code)}")
            except ConnectionError as exc:
                failures.append(f"与中继的连接中断：{exc}")
            finally:
                window.release()

        tasks = []
        for index, (key, rows) in enumerate(chunks):
            await window.acquire()
            if failures:
                window.release()
                break
            tasks.append(asyncio.create_task(send(index, key, rows)))
        await asyncio.gather(*tasks)
    finally:
        await client.close()
    if failures:
        result.failed = failures[0]
        out(f"{result.failed}；已导入 {result.written} 行。改正后重新导入同一文件：已导入的批次不会重复")
    else:
        extra = f"，其中 {result.duplicates} 批此前已导入" if result.duplicates else ""
        out(f"已导入 {result.written} 行（通过中继，{result.commands} 条命令{extra}；各指挥台即时可见；"
            f"读取与检查 {checked - started:.1f} 秒，写入 {time.monotonic() - checked:.1f} 秒）")
    return result


async def _fetch_state(url: str, user: str, password: str, workstation: str) -> State:
    """The relay's state as an administrator sees it (a snapshot; the connection is closed after)."""
    box: list[dict] = []
    client = RelayClient(url, user, password, on_snapshot=box.append, workstation=workstation)
    task = client.start()
    try:
        await _logged_in(client, task)
        if client.account.get("role") != Role.ADMIN.value:
            raise ImportRefused(f"账户 {user} 不是管理员，不能导入基础数据")
        await client.wait_live(120)
    finally:
        await client.close()
    return State.from_snapshot(box[-1])


async def _logged_in(client: RelayClient, task: asyncio.Task, timeout: float = 30.0) -> None:
    """Wait until ``client`` (running as ``task``) is connected, or raise :class:`ImportRefused` with the
    relay's reason (a refused login ends the task; an unreachable relay runs out the time)."""
    connected = asyncio.create_task(client.connected.wait())
    done, _ = await asyncio.wait({connected, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if connected in done:
        return
    connected.cancel()
    error = client.login_error
    if isinstance(error, AuthenticationFailed | LoginDeferred):
        raise ImportRefused(f"登录中继失败：{error}")
    raise ImportRefused(f"无法连接中继 {client.url}")

