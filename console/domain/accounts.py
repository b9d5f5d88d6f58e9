"""Accounts as the State holds them (never a password hash), the rules an account must fit, and how
account events change them.

``State.accounts`` is loaded from the ``accounts`` table and kept current by :data:`HANDLERS`, so the
relay's deciders, the admin panel and a restarted relay agree. The password hash lives only in the
table: events say who changed whose password, from where, never what it is.

An account lock is an open alert: ``account.locked`` raises it, ``account.unlocked`` clears it. It
lives with the relay's other open alerts (``State.geofence_alerts``), so every dispatcher console
shows it, a console that resumes gets it in its snapshot and a restarted relay keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain import station_time
from console.domain.errors import DomainError
from console.domain.incidents import departments
from console.domain.scope import Scope
from console.domain.workers import Role, WorkerKind

if TYPE_CHECKING:
    from console.domain.state import State

ACCOUNT_LOCKED_ALERT = "account_locked"
ASSIGNABLE_ROLES = tuple(r for r in Role if r not in (Role.SYSTEM, Role.PUBLIC))
ROSTER_KINDS = {Role.GRID_WORKER: {WorkerKind.GRID_WORKER}, Role.OFFICER: {WorkerKind.OFFICER}}


@dataclass(frozen=True, slots=True)
class Account:
    """A login as everyone but the password check sees it."""

    name: str
    role: str
    display_name: str = ""
    worker_id: str = ""  # the roster entry a grid worker's or officer's account is
    scope: dict = field(default_factory=dict)  # Scope.to_dict()
    disabled: bool = False
    must_change: bool = False  # an initial password: every op but change_own_password is refused
    last_login: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "display_name": self.display_name,
                "worker_id": self.worker_id, "scope": self.scope, "disabled": self.disabled,
                "must_change": self.must_change, "last_login": self.last_login}

    @classmethod
    def from_dict(cls, d: dict) -> Account:
        return cls(d["name"], d["role"], d.get("display_name", ""), d.get("worker_id") or "", d.get("scope") or {},
                   bool(d.get("disabled")), bool(d.get("must_change")), int(d.get("last_login") or 0))

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    def status(self, state: State) -> str:
        """正常, 停用 or 锁定 (after too many failed logins)."""
        if self.disabled:
            return "停用"
        return "锁定" if (ACCOUNT_LOCKED_ALERT, self.name) in state.geofence_alerts else "正常"


@dataclass(frozen=True, slots=True)
class AccountLine:
    """One row of an account list."""

    name: str
    display_name: str
    role: str
    scope: str
    status: str
    last_login: str


def account_lines(state: State) -> list[AccountLine]:
    """The accounts of ``state`` as the list shows them, by name."""
    return [line_of(a, state) for a in sorted(state.accounts.values(), key=lambda a: a.name)]


def line_of(account: Account, state: State) -> AccountLine:
    """An account as a list row: 状态 says 须改密码 while the initial password stands."""
    status = account.status(state) + ("（须改密码）" if account.must_change else "")
    last = station_time.fmt(account.last_login, "%Y-%m-%d %H:%M") if account.last_login else "从未登录"
    return AccountLine(account.name, account.display_name, account.role_label, Scope.parse(account.scope).describe(),
                       status, last)


def role_label(role: str) -> str:
    try:
        return Role(role).label
    except ValueError:
        return role


def parse_role(text: str) -> Role:
    """A role a person may hold, by its code (``dispatcher``) or Chinese name (指挥调度员); E_FIELD otherwise."""
    for role in ASSIGNABLE_ROLES:
        if text in (role.value, role.label):
            return role
    choices = "、".join(f"{r.value}（{r.label}）" for r in ASSIGNABLE_ROLES)
    raise DomainError("E_FIELD", f"未知角色 {text!r}，可选：{choices}")


def check_fit(state: State, role: Role, scope: Scope, worker_id: str = "") -> None:
    """Refuse (E_FIELD, in Chinese) a role, roster link and scope that do not exist or do not fit together."""
    missing = scope.problems(state.district, state.workers, departments())
    if missing:
        raise DomainError("E_FIELD", "范围无效：" + "；".join(missing))
    if scope.department and role is not Role.LIAISON:
        raise DomainError("E_FIELD", "只有部门联络员的范围可以指定职能部门")
    if role is Role.LIAISON and not scope.department:
        raise DomainError("E_FIELD", "部门联络员须指定职能部门（范围 department，* 为全部）")
    if scope.workers and role is not Role.FIELD_GATEWAY:
        raise DomainError("E_FIELD", "只有外勤网关的范围可以绑定人员")
    kinds = ROSTER_KINDS.get(role)
    if worker_id:
        worker = state.workers.get(worker_id)
        if worker is None:
            raise DomainError("E_FIELD", f"花名册中没有人员 {worker_id}")
        if kinds is None or worker.kind not in kinds:
            raise DomainError("E_FIELD", f"{role.label}账户不能关联{worker.kind.label} {worker_id}")
    elif role is Role.GRID_WORKER:
        raise DomainError("E_FIELD", "网格员账户须关联花名册中的网格员（worker）")


def enabled_admins(state: State) -> int:
    return sum(1 for a in state.accounts.values() if a.role == Role.ADMIN and not a.disabled)


def fold_lock_alert(open_alerts: dict[tuple[str, str], dict], e: ev.Event) -> None:
    """Open the lock alert of ``e.data['account']`` on a lock, close it on an unlock."""
    key = (ACCOUNT_LOCKED_ALERT, e.data["account"])
    if e.type == ev.ACCOUNT_UNLOCKED:
        open_alerts.pop(key, None)
        return
    d = e.data
    message = f"账户 {d['account']} 连续 {d['failures']} 次登录失败，已临时锁定（来自 {d['addr']}）"
    open_alerts[key] = {"kind": ACCOUNT_LOCKED_ALERT, "subject": d["account"], "at": e.at, "message": message,
                        "until": d["until"]}


# -- reducers: State.accounts ------------------------------------------------------------------

def _created(state: State, e: ev.Event) -> None:
    p = e.payload
    state.accounts[p.account] = Account(p.account, p.role, p.display_name, p.worker_id, p.scope,
                                        must_change=p.must_change)


def _changed(**values):
    def fold(state: State, e: ev.Event) -> None:
        account = state.accounts.get(e.data["account"])
        if account is not None:
            state.accounts[account.name] = replace(account, **values)
    return fold


def _password_set(state: State, e: ev.Event) -> None:
    _changed(must_change=e.payload.must_change)(state, e)


def _role_set(state: State, e: ev.Event) -> None:
    _changed(role=e.payload.role)(state, e)


def _scope_set(state: State, e: ev.Event) -> None:
    _changed(scope=e.payload.scope, worker_id=e.payload.worker_id)(state, e)


def _login(state: State, e: ev.Event) -> None:
    _changed(last_login=e.at)(state, e)


HANDLERS = {
    ev.ACCOUNT_CREATED: _created,
    ev.ACCOUNT_PASSWORD_SET: _password_set,
    ev.ACCOUNT_PASSWORD_CHANGED: _changed(must_change=False),
    ev.ACCOUNT_ROLE_SET: _role_set,
    ev.ACCOUNT_SCOPE_SET: _scope_set,
    ev.ACCOUNT_DISABLED: _changed(disabled=True),
    ev.ACCOUNT_ENABLED: _changed(disabled=False),
    ev.ACCOUNT_LOGIN: _login,
}
