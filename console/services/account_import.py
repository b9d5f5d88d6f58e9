"""``jingwang import account``: accounts from a table, through the relay or (no relay running) on the database.

The whole table is checked first against the accounts there are (console.data_import.accounts); any problem
imports nothing unless bad rows may be skipped. New accounts get the table's 初始密码 or a generated strong
one, must change it at first login, and the generated ones are written only to the ``--passwords-out`` file
(created new, mode 0600; never printed or logged). Through the relay each row is one account command sent
as the logged-in administrator; offline all rows are decided against one state and committed together.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import dataclasses
import io
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from console.data_import.accounts import AccountCheck, AccountRow, check_accounts
from console.data_import.badfile import write_bad_rows
from console.data_import.reader import DEFAULT_MAX_BYTES
from console.domain.password_policy import PasswordPolicy
from console.domain.state import State
from console.services.accounts_admin import AdminRefused, OfflineAdmin, RelayAdmin
from console.store.store import Store

SHOWN = 50  # problems printed; the bad-rows file has them all
CREATE = "account.create"
WINDOW = 4  # account commands in flight through the relay (it hashes each password on its reader threads)
GENERATED_LENGTH = 14
_ALPHABET = {  # no look-alikes (0/O, 1/l/I) for a password read off a sheet
    "lower": "abcdefghijkmnpqrstuvwxyz", "upper": "ABCDEFGHJKLMNPQRSTUVWXYZ", "digit": "23456789",
    "symbol": "#%+-=@^_~",
}


@dataclass(frozen=True, slots=True)
class AccountRequest:
    """One import: the table, where generated passwords go, whether to only check, where bad rows go."""

    path: Path
    passwords_out: Path | None = None
    dry_run: bool = False
    skip_bad: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(slots=True)
class AccountOutcome:
    """What an import did: the check, the accounts created and updated, and why it stopped if it did."""

    check: AccountCheck
    created: int = 0
    updated: int = 0
    failed: str = ""
    bad_file: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 imported or nothing to change, 1 row problems or a refused command, 2 the file refused."""
        if self.check.refused:
            return 2
        return 1 if self.failed or (self.check.issues and self.bad_file is None) else 0


def generate_password(policy: PasswordPolicy, account: str) -> str:
    """A random password of every character class that ``policy`` accepts for ``account``, starting with a
    letter (Excel reads a cell starting with = + - @ as a formula)."""
    pool = "".join(_ALPHABET.values())
    length = max(GENERATED_LENGTH, policy.min_length)
    while True:
        chars = [secrets.choice(cls) for cls in _ALPHABET.values()]
        chars += [secrets.choice(pool) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        if password[0].isalpha() and not policy.problem(password, account):
            return password


def create_passwords_file(path: Path) -> int:
    """Open ``path`` as a new file only its owner may read (0600); :class:`AdminRefused` if it exists."""
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AdminRefused(f"密码文件 {path} 已存在：请换一个文件名（不覆盖已有的密码文件）") from None
    except OSError as exc:
        raise AdminRefused(f"无法创建密码文件 {path}：{exc.strerror}") from None


def _write_passwords(fd: int, rows: list[tuple[str, str, str]]) -> None:
    text = io.StringIO()
    csv.writer(text).writerows([("账号", "姓名", "初始密码"), *rows])
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
        f.write(text.getvalue())


def _plan(req: AccountRequest, state: State, policy: PasswordPolicy,
          out: Callable[[str], None]) -> tuple[AccountOutcome, list[AccountRow]]:
    """Check the table and say what was found; the rows that change something (none: stop here)."""
    result = AccountOutcome(check_accounts(req.path, state, policy, max_bytes=req.max_bytes))
    check = result.check
    todo = [r for r in check.rows if r.op]
    creates = len(check.of(CREATE))
    if not check.refused:
        out(f"{req.path.name}（账号）：共 {len(check.rows) + len(check.bad)} 行，正确 {len(check.rows)} 行，"
            f"错误 {len(check.bad)} 行；其中新建 {creates} 个，修改范围 {len(todo) - creates} 个，"
            f"未变 {len(check.rows) - len(todo)} 个（已有账号的密码、姓名、角色不会被导入修改）")
    for issue in check.issues[:SHOWN]:
        out("  " + issue.line())
    if len(check.issues) > SHOWN:
        out(f"  …另有 {len(check.issues) - SHOWN} 个问题")
    if check.refused:
        out("未导入任何数据")
        return result, []
    if check.issues and req.skip_bad is None:
        out("有错误：未导入任何数据（改正后重新导入，或用 --skip-bad 文件 只导入正确的行）")
        return result, []
    if check.bad and req.skip_bad is not None:
        result.bad_file = write_bad_rows(check, req.skip_bad)
        out(f"{len(check.bad)} 行错误已写入 {result.bad_file}（含“错误原因”列）")
    if req.dry_run:
        out("试运行：未写入任何数据")
        return result, []
    if not todo:
        out("没有需要导入的变化：0 行变更")
    return result, todo


def _with_passwords(req: AccountRequest, rows: list[AccountRow], policy: PasswordPolicy,
                    out: Callable[[str], None]) -> tuple[list[AccountRow], bool]:
    """``rows`` with a generated password for each new account without one, written to the passwords file
    first (:class:`AdminRefused` when none is named or it exists); whether that file was written."""
    need = [r for r in rows if r.op == CREATE and not r.args["password"]]
    if not need:
        return rows, False
    if req.passwords_out is None:
        raise AdminRefused(f"{len(need)} 个新账号没有初始密码：请用 --passwords-out 文件.csv 指定生成的密码写到哪里")
    fd = create_passwords_file(req.passwords_out)
    generated = {id(r): generate_password(policy, r.account) for r in need}
    _write_passwords(fd, [(r.account, r.args["display_name"], generated[id(r)]) for r in need])
    out(f"{len(need)} 个新账号的初始密码已生成，写入 {req.passwords_out}（仅本人可读；请妥善转交后删除）")
    return [dataclasses.replace(r, args={**r.args, "password": generated[id(r)]}) if id(r) in generated else r
            for r in rows], True


def _done(result: AccountOutcome, row: AccountRow) -> None:
    if row.op == CREATE:
        result.created += 1
    else:
        result.updated += 1


def _said(result: AccountOutcome, how: str) -> str:
    return (f"已新建 {result.created} 个账号、修改 {result.updated} 个账号的范围（{how}）；"
            "新账号首次登录须修改密码")


def import_accounts_offline(store: Store, req: AccountRequest, policy: PasswordPolicy,
                            out: Callable[[str], None] = print) -> AccountOutcome:
    """Check against the database and commit every account command in one transaction (no relay running)."""
    admin = OfflineAdmin(store, policy)
    result, rows = _plan(req, admin.state(), policy, out)
    if not rows:
        return result
    rows, wrote = _with_passwords(req, rows, policy, out)
    try:
        admin.send_all([(r.op, r.args) for r in rows])
    except AdminRefused:
        if wrote:
            with contextlib.suppress(OSError):
                req.passwords_out.unlink()  # no account has those passwords
        raise
    for row in rows:
        _done(result, row)
    out(_said(result, "直接写入数据库"))
    return result


async def import_accounts_via_relay(url: str, user: str, password: str, req: AccountRequest, policy: PasswordPolicy,
                                    out: Callable[[str], None] = print) -> AccountOutcome:
    """Check against the relay's accounts and send each row's command as ``user`` (an administrator), a few
    at a time; the first refusal stops what has not been sent yet."""
    async with RelayAdmin(url, user, password, read=True, timeout=60.0) as admin:
        result, rows = _plan(req, await admin.state(), policy, out)
        if not rows:
            return result
        rows, _ = _with_passwords(req, rows, policy, out)
        window = asyncio.Semaphore(WINDOW)

        async def send(row: AccountRow) -> None:
            async with window:
                if result.failed:
                    return
                try:
                    await admin.send(row.op, row.args)
                except AdminRefused as exc:
                    result.failed = result.failed or f"第{row.number}行 账号 {row.account} 被中继拒绝：{exc}"
                    return
                _done(result, row)

        await asyncio.gather(*(send(row) for row in rows))
    if result.failed:
        out(f"{result.failed}；此前已新建 {result.created} 个、修改 {result.updated} 个。"
            "改正后重新导入同一文件（另指定一个密码文件）：已建的账号不会重复")
    else:
        out(_said(result, "通过中继"))
    return result
