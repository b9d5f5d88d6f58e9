"""The accounts table (``jingwang import account``): read it, check every row against the accounts there are,
and say which account commands it makes, each problem naming its cell.

The upsert rule: a new 账号 is created (``account.create``) with its 初始密码, or a generated one when the
cell is empty, and must change it at first login; an existing 账号 of the same role gets its 范围 (and
人员编号; an empty one keeps its link) replaced (``account.set_scope``) when they differ, and nothing else:
an import never resets a password, never renames and never changes a role (a different 角色 is an error:
``jingwang admin user role`` does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from console.data_import.check import BadRow, Issue, header_text, map_headers, open_checked
from console.data_import.columns import CellError, Column, convert
from console.data_import.reader import DEFAULT_MAX_BYTES
from console.domain.accounts import check_fit, parse_role
from console.domain.decide_accounts import NAME
from console.domain.errors import DomainError
from console.domain.incidents import departments
from console.domain.password_policy import PasswordPolicy
from console.domain.scope import Scope
from console.domain.state import State
from console.domain.workers import Role

LABEL = "账号"
SCOPE_NOTE = ("空为全辖区；如 派出所:320508540000（分局可写多个）；警格:A,B；网格:C；部门:600600；绑定人员:W0001"
              "（也可写 --station 320508540000 --grid C）")
COLUMNS: tuple[Column, ...] = (
    Column("账号", "account", "code", True, ("用户名", "登录名"), "zhang.wei"),
    Column("姓名", "display_name", aliases=("显示名",), example="张伟"),
    Column("角色", "role", "code", True, example="指挥调度员",
           note="可填：" + "、".join(f"{r.label}（{r.value}）" for r in (
               Role.DISPATCHER, Role.STATION_CHIEF, Role.TRAINER, Role.OFFICER, Role.GRID_WORKER, Role.POLICE_UNIT,
               Role.FIELD_GATEWAY, Role.LIAISON, Role.ADMIN))),
    Column("范围", "scope", aliases=("账号范围", "权限范围"), example="", note=SCOPE_NOTE),
    Column("人员编号", "worker", "code", aliases=("花名册人员", "关联人员"), example="",
           note="网格员、社区民警账号关联的花名册人员"),
    Column("初始密码", "password", "code", aliases=("密码",), example="",
           note="空则自动生成强密码，写入 --passwords-out 文件；首次登录须修改"),
)
_KEYS = {"派出所": "station", "station": "station", "警格": "police_grids", "police_grid": "police_grids",
         "police_grids": "police_grids", "police-grid": "police_grids", "网格": "grids", "grid": "grids",
         "grids": "grids", "部门": "department", "职能部门": "department", "department": "department",
         "绑定人员": "workers", "人员": "workers", "bind": "workers", "workers": "workers"}
_PARTS = re.compile(r"[;；\n]")
_CODES = re.compile(r"[,，、\s]+")
_PAIR = re.compile(r"([^:：=]+?)\s*[:：=]\s*(.*)", re.S)
WHOLE_DISTRICT = ("", "全辖区", "全部")


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One good row: what it does (``op`` "" when nothing changes) and its arguments (a new account's
    password: the cell's, or "" to be generated)."""

    number: int
    account: str
    op: str
    args: dict


@dataclass(slots=True)
class AccountCheck:
    """The table read: ``refused`` when it cannot be read at all, else its good rows and every issue."""

    path: Path
    headers: list[str] = field(default_factory=list)
    rows: list[AccountRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    refused: bool = False

    def of(self, op: str) -> list[AccountRow]:
        return [r for r in self.rows if r.op == op]


def parse_scope(text: str) -> dict:
    """The ``scope`` argument of a 范围 cell; :class:`CellError` naming a key it does not know."""
    text = text.strip()
    if text in WHOLE_DISTRICT:
        return {}
    scope: dict = {}
    if text.startswith("--"):
        tokens = text.split()
        if len(tokens) % 2:
            raise CellError(f"{tokens[-1]} 后缺少代码")
        pairs = [(tokens[i][2:], tokens[i + 1]) for i in range(0, len(tokens), 2)]
    else:
        pairs = []
        for part in filter(None, (p.strip() for p in _PARTS.split(text))):
            match = _PAIR.fullmatch(part)
            if match is None:
                raise CellError(f"「{part}」应写成 类型:代码，如 派出所:320508540000")
            pairs += [(match[1], c) for c in _CODES.split(match[2]) if c]
    for key, code in pairs:
        name = _KEYS.get(key.lower())
        if name is None:
            raise CellError(f"未知的范围类型「{key}」（可用：派出所、警格、网格、部门、绑定人员）")
        if name == "department":
            if scope.get(name, code) != code:
                raise CellError(f"{key} 只能有一个")
            scope[name] = code
        else:
            scope.setdefault(name, []).append(code)
    if len(scope.get("station", ())) == 1:
        scope["station"] = scope["station"][0]  # one 派出所 is stored as a plain code
    return scope


def check_accounts(path: str | Path, state: State, policy: PasswordPolicy, *,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> AccountCheck:
    """Read ``path`` and check each row against ``state`` (its accounts, places and roster) and ``policy``."""
    path = Path(path)
    out = AccountCheck(path)
    sheet = open_checked(path, max_bytes, out)
    if sheet is None:
        return out
    try:
        out.headers = [header_text(h) for h in sheet.headers]
        columns, issues = map_headers(out.headers, COLUMNS, LABEL, path.name, sheet.name, sheet.header_row)
        if issues:
            out.refused = True
            out.issues += issues
            return out
        seen: dict[str, int] = {}
        secret = next((i for i, c in columns if c.field == "password"), None)
        for number, cells in sheet.rows:
            problems = _check_row(out, state, policy, columns, number, cells, seen)
            if problems:  # the bad-rows file gets no password: it is not created 0600
                kept = tuple("" if i == secret else c for i, c in enumerate(cells))
                out.bad.append(BadRow(number, kept, [f"「{header}」{why}" for header, why in problems]))
                out.issues += [Issue(path.name, why, sheet.name, number, header) for header, why in problems]
    finally:
        if sheet.close is not None:
            sheet.close()
    return out


def _check_row(out: AccountCheck, state: State, policy: PasswordPolicy, columns: list[tuple[int, Column]],
               number: int, cells: tuple, seen: dict[str, int]) -> list[tuple[str, str]]:
    values: dict = {}
    problems: list[tuple[str, str]] = []
    headers = {c.field: c.header for _, c in columns}
    for i, column in columns:
        try:
            value = convert(column, cells[i] if i < len(cells) else None)
            values[column.field] = parse_scope(value or "") if column.field == "scope" else value
        except CellError as exc:
            problems.append((column.header, str(exc)))
    if problems:
        return problems
    name, password = values.get("account") or "", values.get("password") or ""
    if not NAME.fullmatch(name):
        return [(headers["account"], "账号须为 2–32 位字母、数字或 . _ -，以字母或数字开头")]
    if len(values.get("display_name") or "") > 64:
        return [(headers["display_name"], "姓名最多 64 字")]
    if name in seen:
        return [(headers["account"], f"账号 {name} 在第{seen[name]}行已出现")]
    seen[name] = number
    try:
        role = parse_role(values["role"])
    except DomainError as err:
        return [(headers["role"], err.detail)]
    scope = Scope.from_arg(values.get("scope", {}))
    existing = state.accounts.get(name)
    worker = values.get("worker") or (existing.worker_id if existing else "")  # empty keeps an account's link
    missing = scope.problems(state.district, state.workers, departments())
    if missing:
        return [(headers.get("scope", "范围"), "；".join(missing))]
    try:
        check_fit(state, role, scope, worker)
    except DomainError as err:
        return [(headers.get("worker", "人员编号") if "花名册" in err.detail or "关联" in err.detail
                 else headers.get("scope", "范围"), err.detail)]
    if existing is not None:
        if existing.role != role.value:
            return [(headers["role"], f"账号 {name} 已存在，角色为{Role(existing.role).label}：导入不改变已有账号的角色"
                                      "（请用 jingwang admin user role 修改）")]
        same = scope.to_dict() == existing.scope and worker == existing.worker_id
        args = {"account": name, "scope": scope.to_dict(), "worker": worker}
        out.rows.append(AccountRow(number, name, "" if same else "account.set_scope", args))
        return []
    if password and (why := policy.problem(password, name)):
        return [(headers["password"], why)]
    args = {"account": name, "role": role.value, "display_name": values.get("display_name") or "",
            "scope": scope.to_dict(), "password": password, **({"worker": worker} if worker else {})}
    out.rows.append(AccountRow(number, name, "account.create", args))
    return []
