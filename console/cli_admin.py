"""``jingwang admin user …``: accounts from the command line, on the database or through a relay.

Without ``--relay`` the command works on the database (``--db``, ``JINGWANG_DB_URL`` or the data
folder) and is refused while a relay runs on it; with ``--relay ws://…`` it logs in as ``--user`` (an
administrator; password from ``JINGWANG_PASSWORD`` or a prompt) and sends the same operation. A new
password never comes from the command line: ``--password-stdin`` reads one line, else a prompt asks
twice. Exit codes: 0 done, 2 refused (the reason on one line), 1 the database or relay failed.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from console import config

ACTIONS = ("list", "add", "disable", "enable", "passwd", "role", "scope")


def add_admin_parser(sub) -> None:
    """The ``admin`` command and its ``user`` actions."""
    admin = sub.add_parser("admin", help="管理: accounts (新建、停用、启用、重置密码、改角色、改范围、列表)")
    admin_sub = admin.add_subparsers(metavar="OBJECT", required=True)
    user = admin_sub.add_parser("user", help="账户 / accounts")
    actions = user.add_subparsers(metavar="ACTION", required=True)

    def action(name: str, help_text: str, *, account: bool = True) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_text)
        if account:
            p.add_argument("account", help="用户名 / account name")
        p.add_argument("--db", default=None, help="database URL (offline; refused while a relay runs on it)")
        p.add_argument("--relay", help="ws://host:port: send the change through the running relay")
        p.add_argument("--user", default="a01", help="the administrator logging in to --relay")
        p.set_defaults(run=run_admin, action=name)
        return p

    action("list", "列出账户", account=False)
    add = action("add", "新建账户（首次登录须修改密码）")
    add.add_argument("--role", required=True, help="dispatcher, chief, trainer, officer, grid_worker, "
                                                   "field_gateway, liaison, admin (或中文名)")
    add.add_argument("--name", default="", help="姓名 / display name")
    _password_options(add)
    _scope_options(add)
    for name, text in (("disable", "停用账户"), ("enable", "启用账户")):
        action(name, text).add_argument("--note", default="", help="原因 / why")
    _password_options(action("passwd", "重置密码（下次登录须修改）"))
    action("role", "修改角色").add_argument("role", help="新角色 / the new role")
    _scope_options(action("scope", "修改范围（派出所、警格、网格、部门、人员）"))


def _password_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true", help="read the new password from standard input")
    p.add_argument("--no-must-change", dest="must_change", action="store_false",
                   help="offline only: the password is the user's own, no change at first login")


def _scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--worker", default=None, help="花名册人员 / the roster entry (grid worker, officer)")
    p.add_argument("--station", action="append", default=[], dest="stations",
                   help="派出所代码 / police station code (repeat for a 分局 or city centre desk)")
    p.add_argument("--police-grid", action="append", default=[], dest="police_grids", help="警格代码 (repeat)")
    p.add_argument("--grid", action="append", default=[], dest="grids", help="网格代码 (repeat)")
    p.add_argument("--department", default="", help="职能部门代码 (联络员; * = 全部)")
    p.add_argument("--bind", action="append", default=[], dest="workers", help="外勤网关绑定的人员 (repeat)")


def run_admin(args: argparse.Namespace) -> int:
    from console.services.accounts_admin import AdminRefused

    try:
        op, op_args = _operation(args)
        if args.relay:
            return asyncio.run(_through_relay(args, op, op_args))
        return _offline(args, op, op_args)
    except AdminRefused as exc:
        print(f"jingwang admin: {exc}", file=sys.stderr)
        return 2
    except (OSError, ConnectionError) as exc:
        print(f"jingwang admin: {exc}", file=sys.stderr)
        return 1


def _operation(args: argparse.Namespace) -> tuple[str, dict]:
    """The catalogue op and arguments of the action (a new password read here, never from argv)."""
    from console.services.accounts_admin import AdminRefused

    if args.action == "list":
        return "", {}
    if args.relay and getattr(args, "must_change", True) is False:
        raise AdminRefused("--no-must-change 只能离线使用（管理员设置的密码首次登录须修改）")
    account = {"account": args.account}
    match args.action:
        case "add":
            extra = {"worker": args.worker} if args.worker else {}
            return "account.create", {**account, "role": args.role, "display_name": args.name,
                                      "password": _new_password(args), "scope": _scope(args), **extra}
        case "passwd":
            return "account.set_password", {**account, "password": _new_password(args)}
        case "role":
            return "account.set_role", {**account, "role": args.role}
        case "scope":
            return "account.set_scope", {**account, "scope": _scope(args),
                                         **({"worker": args.worker} if args.worker is not None else {})}
        case _:
            return f"account.{args.action}", {**account, **({"note": args.note} if args.note else {})}


def _scope(args: argparse.Namespace) -> dict:
    stations = args.stations[0] if len(args.stations) == 1 else args.stations
    scope = {"station": stations, "police_grids": args.police_grids, "grids": args.grids,
             "workers": args.workers, "department": args.department}
    return {k: v for k, v in scope.items() if v}


def _new_password(args: argparse.Namespace) -> str:
    from console.services.accounts_admin import AdminRefused

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"{args.account} 的新密码 / new password: ")
        if getpass.getpass("再输入一次 / again: ") != password:
            raise AdminRefused("两次输入的密码不一致")
    if not password:
        raise AdminRefused("没有读到密码")
    return password


def _offline(args: argparse.Namespace, op: str, op_args: dict) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from console.domain.accounts import account_lines
    from console.services.accounts_admin import OfflineAdmin
    from console.store.store import Store

    store = Store(args.db or config.default_db_url())
    try:
        admin = OfflineAdmin(store, config.password_policy())
        if not op:
            _print_lines(account_lines(admin.state()))
            return 0
        event = admin.send(op, op_args, must_change=getattr(args, "must_change", True))
    except SQLAlchemyError as exc:
        print(f"jingwang admin: 数据库错误 {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    finally:
        store.dispose()
    print(f"已{_done(op)}：{args.account}（事件 #{event.seq}）")
    return 0


async def _through_relay(args: argparse.Namespace, op: str, op_args: dict) -> int:
    from console.domain.accounts import account_lines
    from console.services.accounts_admin import RelayAdmin

    password = os.environ.get("JINGWANG_PASSWORD") or getpass.getpass(f"{args.user} 的密码 / password: ")
    async with RelayAdmin(args.relay, args.user, password, read=not op) as admin:
        if not op:
            _print_lines(account_lines(await admin.state()))
            return 0
        ack = await admin.send(op, op_args)
    print(f"已{_done(op)}：{args.account}（事件 #{ack['seq']}）")
    return 0


def _done(op: str) -> str:
    from console.domain.catalogue import OPERATIONS

    return OPERATIONS[op].label


def _print_lines(lines) -> None:
    print("用户名\t姓名\t角色\t范围\t状态\t最近登录")
    for line in lines:
        print("\t".join((line.name, line.display_name or "—", line.role, line.scope, line.status, line.last_login)))
