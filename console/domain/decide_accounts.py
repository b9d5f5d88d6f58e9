"""Login audit and account administration.

The relay records logins, failures, locks and lock expiries as the ``system`` actor; an administrator
unlocks, disables and enables accounts. Accounts are not part of the State: for ``account.disable``
and ``account.enable`` the relay adds ``target`` ({role, disabled} of the named account, or None)
and ``enabled_admins`` to the validated arguments, so a client can never supply them.
"""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.state import State
from console.domain.workers import Role


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
    return ev.ACCOUNT_UNLOCKED, _admin_change(args, reason="admin")


def disable(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    target = _target(args)
    if target["disabled"]:
        raise DomainError("E_CONFLICT", f"账户 {args['account']} 已停用 / already disabled")
    if target["role"] == Role.ADMIN and args["enabled_admins"] <= 1:
        raise DomainError("E_CONFLICT", "不能停用最后一个管理员账户 / cannot disable the last administrator")
    return ev.ACCOUNT_DISABLED, _admin_change(args)


def enable(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    if not _target(args)["disabled"]:
        raise DomainError("E_CONFLICT", f"账户 {args['account']} 未停用 / not disabled")
    return ev.ACCOUNT_ENABLED, _admin_change(args)


def _target(args: dict) -> dict:
    if args.get("target") is None:
        raise DomainError("E_NOT_FOUND", f"账户 {args['account']}")
    return args["target"]


def _admin_change(args: dict, **extra: str) -> dict:
    data = {"account": args["account"], **extra}
    if args.get("note"):
        data["note"] = args["note"]
    return data
