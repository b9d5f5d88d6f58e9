"""``jingwang import-grids``, ``import`` and ``export-grids``: the station's own places, staff and records, from
files into the database (offline, the relay stopped) or through the running relay (every console sees them)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

from console import config
from console.cli_relay import open_store


def run_import_grids(args: argparse.Namespace) -> int:
    from console.geo_import.importer import import_grids
    from console.store.store import StoreLocked

    if args.relay:
        return _import_grids_via_relay(args)
    store = open_store(args.db)
    try:
        if not args.dry_run:
            store.acquire_writer_lock()  # the relay holds it: places change only while it is stopped
        report = import_grids(args.grids, args.police, communities=args.communities, store=store,
                              dry_run=args.dry_run)
    except StoreLocked as exc:
        print(f"jingwang import-grids: 中继正在运行（{exc}）：请用 --relay ws://… --user 管理员账号 通过中继导入",
              file=sys.stderr)
        return 2
    finally:
        store.release_writer_lock()
        store.dispose()
    return 0 if report.ok else 1


def _import_grids_via_relay(args: argparse.Namespace) -> int:
    from console.services.accounts_admin import AdminRefused
    from console.services.grid_import import import_grids_via_relay

    if not args.user:
        print("jingwang import-grids: --relay 需要 --user 管理员账号", file=sys.stderr)
        return 2
    password = _admin_password(args.user)
    try:
        outcome = asyncio.run(import_grids_via_relay(args.relay, args.user, password, args.grids, args.police,
                                                     communities=args.communities, dry_run=args.dry_run))
    except AdminRefused as exc:
        print(f"jingwang import-grids: {exc}", file=sys.stderr)
        return 2
    return outcome.exit_code


def _admin_password(user: str) -> str:
    """An administrator's password for ``--relay``: JINGWANG_PASSWORD, else a prompt."""
    return os.environ.get("JINGWANG_PASSWORD") or getpass.getpass(f"{user} 的密码 / password: ")


IMPORT_HELP = """\
  jingwang import address addresses.xlsx --relay ws://127.0.0.1:8765 --user a01  (password: JINGWANG_PASSWORD
                                                                                  or a prompt)
  jingwang import worker workers.csv --db sqlite:///jingwang.db --dry-run        (offline: the relay stopped)
  jingwang import template person --out people.xlsx                              (headers and one example row)
  jingwang import account 账号.xlsx --passwords-out 初始密码.csv --relay ws://… --user a01  (generated passwords
                                                                                  go to that file only)
exit 0 imported (or nothing to change), 1 bad rows (nothing imported), 2 refused (file, login, relay running)"""


def run_import(args: argparse.Namespace) -> int:
    from console.data_import.columns import KIND_NAMES

    template = args.kind == "template"
    name = args.file if template else args.kind
    if name in ACCOUNT_KINDS:
        return _write_template(None, args) if template else _import_accounts(args)
    kind = KIND_NAMES.get(name)
    if kind is None:
        print(f"jingwang import: 未知类型 {name}（可用：worker unit address person house org account）",
              file=sys.stderr)
        return 2
    if template:
        return _write_template(kind, args)
    from console.services import data_import as di

    request = di.Request(kind, Path(args.file), args.dry_run, args.skip_bad, int(args.max_mb * 1024 * 1024))
    try:
        if args.relay:
            if not args.user:
                print("jingwang import: --relay 需要 --user 管理员账号", file=sys.stderr)
                return 2
            password = _admin_password(args.user)
            outcome = asyncio.run(di.import_via_relay(args.relay, args.user, password, request))
        else:
            store = open_store(args.db)
            try:
                outcome = di.import_offline(store, request, di.offline_actor(args.user))
            finally:
                store.dispose()
    except di.ImportRefused as exc:
        print(f"jingwang import: {exc}", file=sys.stderr)
        return 2
    return outcome.exit_code


ACCOUNT_KINDS = ("account", "accounts", "账号", "账户")


def _import_accounts(args: argparse.Namespace) -> int:
    from console.services import account_import as ai
    from console.services.accounts_admin import AdminRefused

    request = ai.AccountRequest(Path(args.file), args.passwords_out, args.dry_run, args.skip_bad,
                                int(args.max_mb * 1024 * 1024))
    try:
        if args.relay:
            if not args.user:
                print("jingwang import: --relay 需要 --user 管理员账号", file=sys.stderr)
                return 2
            outcome = asyncio.run(ai.import_accounts_via_relay(args.relay, args.user, _admin_password(args.user),
                                                               request, config.password_policy()))
        else:
            store = open_store(args.db)
            try:
                outcome = ai.import_accounts_offline(store, request, config.password_policy())
            finally:
                store.dispose()
    except AdminRefused as exc:
        print(f"jingwang import: {exc}", file=sys.stderr)
        return 2
    return outcome.exit_code


def _write_template(kind, args: argparse.Namespace) -> int:
    """The import table of ``kind`` (None: accounts) with an example row that fits the district."""
    from console.data_import.template import write_account_template, write_template
    from console.domain.places import District

    if not args.out:
        print("jingwang import template: 需要 --out 文件名.xlsx", file=sys.stderr)
        return 2
    from sqlalchemy.exc import SQLAlchemyError

    store = open_store(args.db)
    try:
        district = store.load_reference().district if store.is_seeded() else District("", "")
    except SQLAlchemyError:  # no database yet: a template without the district's codes
        district = District("", "")
    finally:
        store.dispose()
    written = write_account_template(args.out, district) if kind is None else write_template(kind, args.out, district)
    print(f"模板已写入 {written}"
          + ("" if district.grids else "（数据库中还没有网格：示例行的网格、坐标需自行填写）"))
    return 0


def run_export_grids(args: argparse.Namespace) -> int:
    from console.geo_import.export import write_district_geojson

    store = open_store(args.db)
    try:
        paths = write_district_geojson(store.load_state().district, args.folder)
    finally:
        store.dispose()
    print("\n".join(str(p) for p in paths))
    return 0
