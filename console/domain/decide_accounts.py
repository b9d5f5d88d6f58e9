"""Login audit and account administration.

The relay records logins, failures, locks and lock expiries as the ``system`` actor; an administrator
creates accounts, resets passwords, changes roles and scopes, unlocks, disables and enables; everyone
changes their own password. Each is an event naming who (the actor), whom (``account``) and from
where (``addr``: the client address, which the relay — or the server's CLI — adds to the validated
arguments, so a client can never supply it).

A password never reaches a decider: the relay (or the CLI) checks it against the policy and replaces
it with ``password_hash``, which goes to the ``accounts`` table and never into an event. A password
an administrator sets must be changed at the next login; only the server's CLI may add
``must_change: False`` (the operator setting their own), never a client.
"""

from __future__ import annotations

import re

from console.domain import events as ev
from console.domain.accounts import Account, check_fit, enabled_admins, parse_role
from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.scope import Scope
from console.domain.state import State
from console.domain.workers import Role

SECRET = "password_hash"  # the one argument that carries a secret: kept out of every event
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{1,31}")


def login(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return ev.ACCOUNT_LOGIN, {"account": args["account"], "addr": args["addr"], "role": args["role"]}


def login_failed(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """``account`` is None for an unknown user name (a mistyped password may be in it: never logged)."""
    return ev.ACCOUNT_LOGIN_FAILED, {"account": args["account"], "addr": args["addr"], "reason": args["reason"]}


def lock(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return ev.ACCOUNT_LOCKED, {"account": args["account"], "addr": args["addr"], "failures": args["failures"],
                               "until": args["until"]}


def unlock(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    if actor.role is Role.SYSTEM:
        return ev.ACCOUNT_UNLOCKED, {"account": args["account"], "reason": "expired"}
    return ev.ACCOUNT_UNLOCKED, _change(args, reason="admin")


def create(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    name = args["account"]
    if not NAME.fullmatch(name):
        raise DomainError("E_FIELD", "用户名须为 2–32 位字母、数字或 . _ -，以字母或数字开头")
    if name in state.accounts:
        raise DomainError("E_CONFLICT", f"账户 {name} 已存在")
    role, scope, worker_id = parse_role(args["role"]), Scope.from_arg(args.get("scope", {})), args.get("worker", "")
    check_fit(state, role, scope, worker_id)
    _secret(args)
    display = args.get("display_name", "").strip() or (state.workers[worker_id].name if worker_id else "")
    return ev.ACCOUNT_CREATED, _change(args, role=role.value, display_name=display, worker_id=worker_id,
                                       scope=scope.to_dict(), must_change=args.get("must_change", True))


def set_password(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """An administrator's reset: the account must choose its own password at the next login."""
    _target(state, args)
    _secret(args)
    return ev.ACCOUNT_PASSWORD_SET, _change(args, must_change=args.get("must_change", True))


def change_own_password(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """The relay has checked the old password and the new one's strength before this."""
    if actor.account not in state.accounts:
        raise DomainError("E_NOT_FOUND", f"账户 {actor.account}")
    _secret(args)
    return ev.ACCOUNT_PASSWORD_CHANGED, _change({**args, "account": actor.account})


def set_role(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    target = _target(state, args)
    role = parse_role(args["role"])
    if role.value == target.role:
        raise DomainError("E_CONFLICT", f"账户 {target.name} 已是{role.label}")
    if target.role == Role.ADMIN and not target.disabled and enabled_admins(state) <= 1:
        raise DomainError("E_CONFLICT", "不能取消最后一个管理员的管理员角色 / cannot demote the last administrator")
    check_fit(state, role, Scope.parse(target.scope), target.worker_id)
    return ev.ACCOUNT_ROLE_SET, _change(args, role=role.value, **{"from": target.role})


def set_scope(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    target = _target(state, args)
    scope = Scope.from_arg(args["scope"])
    worker_id = args.get("worker", target.worker_id)
    check_fit(state, Role(target.role), scope, worker_id)
    if scope.to_dict() == target.scope and worker_id == target.worker_id:
        raise DomainError("E_CONFLICT", f"账户 {target.name} 的范围未变")
    return ev.ACCOUNT_SCOPE_SET, _change(args, scope=scope.to_dict(), worker_id=worker_id)


def disable(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    target = _target(state, args)
    if target.disabled:
        raise DomainError("E_CONFLICT", f"账户 {target.name} 已停用 / already disabled")
    if target.role == Role.ADMIN and enabled_admins(state) <= 1:
        raise DomainError("E_CONFLICT", "不能停用最后一个管理员账户 / cannot disable the last administrator")
    return ev.ACCOUNT_DISABLED, _change(args)


def enable(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    if not _target(state, args).disabled:
        raise DomainError("E_CONFLICT", f"账户 {args['account']} 未停用 / not disabled")
    return ev.ACCOUNT_ENABLED, _change(args)


def _target(state: State, args: dict) -> Account:
    account = state.accounts.get(args["account"])
    if account is None:
        raise DomainError("E_NOT_FOUND", f"账户 {args['account']}")
    return account


def _secret(args: dict) -> None:
    """The relay or CLI must have replaced the password by its hash (a bug otherwise, never a client's doing)."""
    if not args.get(SECRET, "").startswith("scrypt$"):
        raise DomainError("E_FIELD", "密码未经中继处理 / password not prepared by the relay")


def _change(args: dict, **extra) -> dict:
    """An administration event: whom, from where, anything ``extra``, the note — never a secret."""
    data = {"account": args["account"], "addr": args.get("addr", ""), **extra}
    if args.get("note"):
        data["note"] = args["note"]
    return data
