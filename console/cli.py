"""The ``jingwang`` command line: demo, console, relay, fieldsim, db, basemap, summary and replay."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from pathlib import Path

from console import __version__, config
from console.cli_admin import add_admin_parser
from console.cli_import import IMPORT_HELP, run_export_grids, run_import, run_import_grids
from console.cli_relay import open_store, run_relay


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run one subcommand; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=getattr(logging, args.log_level), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    config.apply_station_zone()
    try:
        _open_partition(args)
    except ValueError as exc:
        print(f"jingwang: {exc}", file=sys.stderr)
        return 2
    return args.run(args) or 0


def _open_partition(args: argparse.Namespace) -> None:
    """``--partition CODE`` (else JINGWANG_DB_PARTITION) opens the command's database on that partition
    (console.store.partition); a command that works through a relay and names no database is left alone."""
    code = getattr(args, "partition", None) or config.PARTITION.get()
    if not code or not hasattr(args, "db") or (args.db is None and getattr(args, "relay", None)):
        return
    from console.store.partition import in_partition

    args.db = in_partition(args.db or config.default_db_url(), code)


PARTITION_HELP = "辖区分区 (PostgreSQL schema jw_CODE, created by db upgrade); default JINGWANG_DB_PARTITION"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jingwang", description="警网融合指挥台 jingwang console")
    p.add_argument("--version", action="version", version=f"jingwang {__version__}")
    p.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = p.add_subparsers(metavar="COMMAND")

    demo = sub.add_parser("demo", help="演示: relay + simulated district + console on this machine")
    demo.add_argument("--workers", type=int, default=config.DISTRICT_WORKERS.get())
    demo.add_argument("--seed", type=int, default=config.DISTRICT_SEED.get())
    demo.add_argument("--db", default=None, help="database URL (default: SQLite in the data folder)")
    demo.add_argument("--report-interval", type=float, default=None,
                      help="模拟上报平均间隔(秒)；默认按 --desks 个指挥台能跟上的节奏")
    demo.add_argument("--desks", type=int, default=1, help="几个指挥台一起演示（决定警情节奏）")
    demo.set_defaults(run=_run_demo)

    con = sub.add_parser("console", help="指挥台: open the dispatcher console against a relay")
    con.add_argument("--relay", default=f"ws://127.0.0.1:{config.RELAY_PORT.get()}")
    con.add_argument("--user", default="d01")
    con.add_argument("--password", default=os.environ.get("JINGWANG_PASSWORD"),
                     help="for scripts; without it (and without JINGWANG_PASSWORD) a login dialog asks")
    con.add_argument("--db", default=None,
                     help="on the server only: read summary and replay from this database, not through the relay")
    con.set_defaults(run=_run_console)

    relay = sub.add_parser("relay", help="中继: serve clients and write the database")
    relay.add_argument("--db", default=None, help="sqlite:///file.db or postgresql://user@host/db")
    relay.add_argument("--host", default=config.RELAY_HOST.get())
    relay.add_argument("--port", type=int, default=config.RELAY_PORT.get(), help="0 picks a free port")
    relay.add_argument("--tls-cert", type=Path, help="PEM certificate chain: serve wss:// and https:// (phones "
                                                      "grant camera and position only to https pages)")
    relay.add_argument("--tls-key", type=Path, help="PEM private key of --tls-cert")
    relay.add_argument("--tls-self-signed", metavar="HOST", nargs="+",
                       help="write a self-signed certificate for these names/IPs to --tls-cert/--tls-key first")
    relay.add_argument("--public-port", type=int, default=None,
                       help="public e码 listener (扫码上报, no login): default relay port + 1; 0: none")
    relay.add_argument("--allow-demo-accounts", action="store_true",
                       help="listen beyond loopback even though accounts still use the published demo passwords")
    relay.add_argument("--standby", action="store_true",
                       help="备用中继: send clients to the writer until it stops or dies, then take over (PostgreSQL)")
    relay.add_argument("--partition", dest="partitions", action="append", default=[], metavar="CODE",
                       help="辖区分区: write this partition (PostgreSQL schema jw_CODE); with --standby, repeat it to "
                            "stand by for several and take over whichever writer dies first")
    relay.add_argument("--advertise", default="", metavar="URL", help="ws[s]://host:port where clients reach this "
                       "relay when it writes (standbys send them there); default: --host, or this machine's name")
    relay.set_defaults(run=run_relay)

    sim = sub.add_parser("fieldsim", help="外勤模拟: simulated grid workers through the relay")
    sim.add_argument("--relay", default=f"ws://127.0.0.1:{config.RELAY_PORT.get()}")
    sim.add_argument("--user", default="fieldsim")
    sim.add_argument("--password", default=os.environ.get("JINGWANG_PASSWORD", "fieldsim"))
    sim.add_argument("--workers", type=int, default=config.DISTRICT_WORKERS.get())
    sim.add_argument("--seed", type=int, default=config.DISTRICT_SEED.get())
    sim.add_argument("--interval", type=float, default=config.POSITION_INTERVAL_S.get(),
                     help="seconds between positions of one worker (5..300)")
    sim.add_argument("--report-interval", type=float, default=config.REPORT_INTERVAL_S.get())
    sim.add_argument("--submission-interval", type=float, default=60.0,
                     help="mean seconds between records the workers submit for review")
    sim.add_argument("--no-liaison", dest="liaison", action="store_false",
                     help="do not run the 12345 liaison that signs for and answers referrals")
    sim.add_argument("--liaison-user", default="hotline12345")
    sim.add_argument("--liaison-password", default="jingwang")
    sim.add_argument("--transfer-interval", type=float, default=300.0,
                     help="mean seconds between calls the 12345 liaison transfers in")
    sim.add_argument("--ring-delay", type=float, default=3.0,
                     help="seconds a simulated worker lets a call ring before answering it with a synthetic camera")
    sim.add_argument("--no-calls", dest="calls", action="store_false", help="simulated workers do not take calls")
    sim.set_defaults(run=_run_fieldsim)

    db = sub.add_parser("db", help="数据库: migrate and seed")
    db_sub = db.add_subparsers(metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="apply Alembic migrations up to head")
    up.add_argument("--db", default=None)
    up.add_argument("--partition", metavar="CODE", help=PARTITION_HELP)
    up.set_defaults(run=_run_db_upgrade)
    pw = db_sub.add_parser("password", help="set an account's password (from JINGWANG_PASSWORD or a prompt; "
                                            "the password policy applies; stop the relay first)")
    pw.add_argument("user")
    pw.add_argument("--db", default=None)
    pw.add_argument("--partition", metavar="CODE", help=PARTITION_HELP)
    pw.set_defaults(run=_run_db_password)
    seed = db_sub.add_parser("seed", help="write the generated demo district and demo accounts")
    seed.add_argument("--db", default=None)
    seed.add_argument("--partition", metavar="CODE", help=PARTITION_HELP)
    seed.add_argument("--seed", type=int, default=config.DISTRICT_SEED.get())
    seed.add_argument("--workers", type=int, default=config.DISTRICT_WORKERS.get())
    seed.set_defaults(run=_run_db_seed)
    bk = db_sub.add_parser("backup", help="备份: SQLite via the online backup API (safe while the relay runs), "
                                          "PostgreSQL via pg_dump -Fc")
    bk.add_argument("file", type=Path, help="the backup file to write (replaced atomically)")
    bk.add_argument("--db", default=None)
    bk.set_defaults(run=_run_db_backup)
    rs = db_sub.add_parser("restore", help="恢复: replace the database with a backup (stop the relay first), "
                                           "then upgrade it to head")
    rs.add_argument("file", type=Path, help="a file written by jingwang db backup")
    rs.add_argument("--db", default=None)
    rs.add_argument("--force", action="store_true", help="overwrite a database that holds data")
    rs.set_defaults(run=_run_db_restore)
    cp = db_sub.add_parser("checkpoints", help="回放检查点: store the replay state every N events up to the head, so "
                                               "replays start near their range (the relay does this by itself too)")
    cp.add_argument("--db", default=None)
    cp.add_argument("--every", type=int, default=None, help="non-position events between checkpoints (default 10000)")
    cp.add_argument("--from-start", action="store_true",
                    help="fold from the log's start, adding the checkpoints missing between those stored "
                         "(after an upgrade made them denser)")
    cp.set_defaults(run=_run_db_checkpoints)

    add_admin_parser(sub)

    bm = sub.add_parser("basemap", help="底图: render the demo district into an offline MBTiles basemap")
    bm.add_argument("--out", required=True, help="the .mbtiles file to write (replaced atomically)")
    bm.add_argument("--seed", type=int, default=config.DISTRICT_SEED.get())
    bm.add_argument("--zooms", default="13-18", help="zoom range, e.g. 13-18")
    bm.add_argument("--datum", default="wgs84", choices=["wgs84", "gcj02", "bd09"], help="datum to draw the tiles in")
    bm.set_defaults(run=_run_basemap)

    imp = sub.add_parser("import-grids", help="导入网格/警格: GeoJSON or Shapefile; any error imports nothing")
    imp.add_argument("grids", help="community grids (网格) file")
    imp.add_argument("--police", help="police grids (警格) file")
    imp.add_argument("--communities", help="community outlines, to check every grid lies inside its community")
    imp.add_argument("--db", default=None)
    imp.add_argument("--dry-run", action="store_true", help="check and report only")
    imp.add_argument("--relay", help="ws://host:port: upsert through the running relay (every console's map at once)")
    imp.add_argument("--user", help="the administrator account to log in with (--relay)")
    imp.set_defaults(run=run_import_grids)

    di = sub.add_parser("import", help="导入基础数据: 网格员、警力、标准地址、实有人口/房屋/单位 from .xlsx or CSV; "
                                       "any error imports nothing", description=IMPORT_HELP,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    di.add_argument("kind", help="worker | unit | address | person | house | org | account (或中文名), or: template")
    di.add_argument("file", help="the .xlsx or .csv to import (after template: the kind)")
    di.add_argument("--dry-run", action="store_true", help="check and report only")
    di.add_argument("--skip-bad", type=Path, metavar="BADFILE",
                    help="import the good rows; write the bad ones with a reason column here (.xlsx or .csv)")
    di.add_argument("--relay", help="ws://host:port: import through the running relay (every console sees it at once)")
    di.add_argument("--user", help="the administrator account to log in with (--relay)")
    di.add_argument("--db", default=None, help="without --relay: the database, with the relay stopped")
    di.add_argument("--max-mb", type=float, default=config.IMPORT_MAX_MB.get(), help="largest file read (MB)")
    di.add_argument("--out", help="template: the .xlsx (or .csv) to write")
    di.add_argument("--passwords-out", type=Path, metavar="FILE.csv",
                    help="account: a new file (mode 0600) for the generated initial passwords")
    di.set_defaults(run=run_import)

    exp = sub.add_parser("export-grids", help="导出网格/警格 as GeoJSON (grids.geojson, police_grids.geojson)")
    exp.add_argument("folder")
    exp.add_argument("--db", default=None)
    exp.set_defaults(run=run_export_grids)

    summ = sub.add_parser("summary", help="日报/周月季年考核: a station's summary as PDF and/or XLSX (for scheduling)")
    summ.add_argument("--period", choices=("day", "week", "month", "quarter", "year", "range"), default="day",
                      help="day (default, the 日报) or an assessment period beside the previous one")
    summ.add_argument("--date", help="--period day: the day, YYYY-MM-DD")
    summ.add_argument("--week", help="--period week: ISO week, e.g. 2026-W48")
    summ.add_argument("--month", help="--period month: e.g. 2026-11")
    summ.add_argument("--quarter", help="--period quarter: e.g. 2026Q4")
    summ.add_argument("--year", help="--period year: e.g. 2026")
    summ.add_argument("--from", dest="first", help="--period range: first day, YYYY-MM-DD")
    summ.add_argument("--to", dest="last", help="--period range: last day (inclusive), YYYY-MM-DD")
    summ.add_argument("--station", help="police station (派出所) unit code (a period without it: the whole district)")
    summ.add_argument("--pdf", help="the PDF report to write")
    summ.add_argument("--xlsx", help="the XLSX workbook to write")
    summ.add_argument("--db", default=None, help="the database (on the server)")
    summ.add_argument("--relay", help="ws://host:port: ask the relay instead (a workstation), logged in as --user")
    summ.add_argument("--user", default="c01")
    summ.add_argument("--password", default=os.environ.get("JINGWANG_PASSWORD"))
    summ.set_defaults(run=_run_summary)

    ana = sub.add_parser("analysis", help="研判: hot spots, repeat addresses, time patterns, disputes, warnings (PDF)")
    which = ana.add_mutually_exclusive_group(required=True)
    which.add_argument("--week", help="ISO week, e.g. 2026-W48")
    which.add_argument("--month", help="e.g. 2026-11")
    which.add_argument("--quarter", help="e.g. 2026Q4")
    which.add_argument("--year", help="e.g. 2026")
    ana.add_argument("--station", help="police station (派出所) unit code (without it: the whole district)")
    ana.add_argument("--pdf", required=True, help="the PDF report to write ({period} becomes e.g. 2026-W48)")
    ana.add_argument("--db", default=None)
    ana.add_argument("--push", action="store_true",
                     help="信息推送 the findings (naming the PDF) to the station's 警格 through --relay; once per "
                          "period: a second run for the same week sends nothing (--week last: the previous week)")
    ana.add_argument("--relay", default=None, help="ws://host:port (--push; default JINGWANG_RELAY_URL)")
    ana.add_argument("--user", default=os.environ.get("JINGWANG_USER", "c01"), help="account that pushes (--push)")
    ana.add_argument("--link", default="", help="where officers find the PDF (a URL or share path), in the notice")
    ana.set_defaults(run=_run_analysis)

    eco = sub.add_parser("ecode", help="e码: signed door-plate URLs and printable plates (扫码上报)")
    eco_sub = eco.add_subparsers(metavar="ACTION", required=True)
    url = eco_sub.add_parser("url", help="print the signed URL of one standard address")
    url.add_argument("address_code")
    url.add_argument("--db", default=None)
    url.add_argument("--base", default=None,
                     help="public base URL (default: JINGWANG_ECODE_BASE_URL, else the relay's port + 1)")
    url.set_defaults(run=_run_ecode_url)
    plates = eco_sub.add_parser("plates", help="door plates with QR codes as an A4 PDF (8 per page)")
    which = plates.add_mutually_exclusive_group(required=True)
    which.add_argument("--grid", help="every address of this grid (网格) code")
    which.add_argument("--community", help="every address of this community (社区) code")
    plates.add_argument("--out", required=True, help="the PDF to write")
    plates.add_argument("--db", default=None)
    plates.add_argument("--base", default=None)
    plates.set_defaults(run=_run_ecode_plates)

    rep = sub.add_parser("replay", help="回放: replay an incident, a shift or a day from the database (read only)")
    what = rep.add_mutually_exclusive_group(required=True)
    what.add_argument("--incident", help="one incident, from just before its report to its last change")
    what.add_argument("--date", help="a day (YYYY-MM-DD), or with --shift one shift starting that day")
    rep.add_argument("--shift", choices=["day", "night"], help="白班 08–20 or 夜班 20–08 (China time)")
    rep.add_argument("--pdf", help="with --incident: write its timeline report to this PDF and exit")
    rep.add_argument("--db", default=None, help="read this database (on the server); with --relay: only for bookmarks")
    rep.add_argument("--relay", help="ws://host:port: log in as --user, read the history through the relay and "
                                     "add bookmarks")
    rep.add_argument("--user", default="t01")
    rep.add_argument("--password", default=os.environ.get("JINGWANG_PASSWORD"))
    rep.set_defaults(run=_run_replay)
    return p


def _run_db_upgrade(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    store.upgrade()
    print(f"database at head: {store.url}")
    store.dispose()
    return 0


def _run_db_checkpoints(args: argparse.Namespace) -> int:
    from console.replay import checkpoint_log

    store = open_store(args.db)
    try:
        saved = checkpoint_log.extend(store, every=args.every or checkpoint_log.EVERY, from_start=args.from_start)
        print(f"{saved} new replay checkpoints, {checkpoint_log.count(store)} in all")
    finally:
        store.dispose()
    return 0


def _run_db_password(args: argparse.Namespace) -> int:
    """The operator sets a password (theirs, or before handing it over): the policy applies and the change
    is an event in the log, but the account is not asked to change it again."""
    from console.services.accounts_admin import AdminRefused, OfflineAdmin

    password = os.environ.get("JINGWANG_PASSWORD") or getpass.getpass(f"{args.user} 的新密码 / new password: ")
    store = open_store(args.db)
    try:
        OfflineAdmin(store, config.password_policy()).send(
            "account.set_password", {"account": args.user, "password": password}, must_change=False)
    except AdminRefused as exc:
        print(f"jingwang db password: {exc}", file=sys.stderr)
        return 2
    finally:
        store.dispose()
    return 0


def _run_db_seed(args: argparse.Namespace) -> int:
    from console.services.demo_seed import seed_demo

    store = open_store(args.db)
    demo = seed_demo(store, args.seed, args.workers)
    print(f"seeded {demo.district.name}: {len(demo.district.grids)} grids, {len(demo.workers)} workers")
    store.dispose()
    return 0


def _run_db_backup(args: argparse.Namespace) -> int:
    from console.store.backup import backup

    url = args.db or config.default_db_url()
    return _backup_step("backup", lambda: f"已备份到 {backup(url, args.file)}")


def _run_db_restore(args: argparse.Namespace) -> int:
    from console.store.backup import restore

    url = args.db or config.default_db_url()
    return _backup_step("restore", lambda: f"已从 {args.file} 恢复，已升级到最新迁移，"
                                           f"事件序号至 {restore(url, args.file, force=args.force)}")


def _backup_step(action: str, work) -> int:
    """Run ``work`` (returns the line to print); exit 0 done, 2 refused, 1 I/O or database error."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from console.store.backup import BackupFailed, BackupRefused

    try:
        print(work())
    except BackupRefused as exc:
        print(f"jingwang db {action}: {exc}", file=sys.stderr)
        return 2
    except (BackupFailed, OSError, sqlite3.Error, SQLAlchemyError) as exc:
        print(f"jingwang db {action}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


def _run_replay(args: argparse.Namespace) -> int:
    from console.domain.errors import DomainError
    from console.ui.replay.run import choice_of, export_pdf, run_replay

    db_url = args.db or (None if args.relay else config.default_db_url())
    try:
        if args.pdf:
            db_url = db_url or config.default_db_url()
            if not args.incident:
                raise DomainError("E_FIELD", "--pdf 需要 --incident")
            print(f"{export_pdf(db_url, args.incident, args.pdf)} pages -> {args.pdf}")
            return 0
        return run_replay(db_url, choice_of(args.incident, args.date, args.shift), relay=args.relay,
                          user=args.user, password=args.password)
    except DomainError as exc:
        print(f"jingwang replay: {exc.zh}", file=sys.stderr)
        return 2


def _addresses(db: str | None):
    store = open_store(db)
    try:
        return store.load_reference().district
    finally:
        store.dispose()


def _run_ecode_url(args: argparse.Namespace) -> int:
    from console.ecode.signing import PlateSigner, base_url

    district = _addresses(args.db)
    if not any(a.code == args.address_code for a in district.addresses):
        print(f"jingwang ecode: 没有标准地址 {args.address_code} / no such address", file=sys.stderr)
        return 2
    print(PlateSigner.from_settings().url(base_url(args.base), args.address_code))
    return 0


def _run_ecode_plates(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # painting needs no screen
    from console.ecode.signing import PlateSigner, base_url
    from console.ui.reports.plates import plates_for, write_plates

    district = _addresses(args.db)
    plates = plates_for(district, PlateSigner.from_settings(), base_url(args.base), grid=args.grid,
                        community=args.community)
    if not plates:
        print("jingwang ecode: 没有符合条件的标准地址 / no addresses", file=sys.stderr)
        return 2
    pages = write_plates(plates, args.out)
    print(f"{len(plates)} plates, {pages} pages -> {args.out}")
    return 0


def _run_analysis(args: argparse.Namespace) -> int:
    from console.ui.summary.run import PushTo, run_analysis

    kind = next(k for k in ("week", "month", "quarter", "year") if getattr(args, k))
    push = None
    if args.push:
        relay = args.relay or os.environ.get("JINGWANG_RELAY_URL")
        if not relay:
            print("错误：--push 需要 --relay 或 JINGWANG_RELAY_URL / error: --push needs --relay", file=sys.stderr)
            return 2
        push = PushTo(relay, args.user, os.environ.get("JINGWANG_PASSWORD"), args.link)
    return run_analysis(args.db or config.default_db_url(), kind, getattr(args, kind), args.station or "", args.pdf,
                        push=push)


def _run_summary(args: argparse.Namespace) -> int:
    from console.ui.summary.run import run_assessment, run_summary

    db = args.db or config.default_db_url()
    if args.period == "day":
        if not args.date or not args.station:
            print("错误：日报需要 --date 和 --station / error: --period day needs --date and --station",
                  file=sys.stderr)
            return 2
        return run_summary(db, args.date, args.station, args.pdf, args.xlsx,
                           relay=None if args.db else args.relay, user=args.user, password=args.password)
    text = f"{args.first or ''}~{args.last or ''}" if args.period == "range" else getattr(args, args.period)
    return run_assessment(db, args.period, text or "", args.station or "", args.pdf, args.xlsx)


def _run_basemap(args: argparse.Namespace) -> int:
    import time

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # rendering needs no screen
    from PySide6.QtGui import QGuiApplication

    from console.field.district import generate_district
    from console.ui.map.basemap_render import build_basemap

    lo, _, hi = args.zooms.partition("-")
    zooms = range(int(lo), int(hi or lo) + 1)
    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts and painting need one
    started = time.perf_counter()
    count = build_basemap(generate_district(args.seed).district, args.out, zooms, seed=args.seed, datum=args.datum)
    print(f"basemap: {count} tiles, zoom {zooms.start}-{zooms.stop - 1}, {args.datum}, "
          f"{time.perf_counter() - started:.1f} s -> {args.out}")
    return 0


def _run_fieldsim(args: argparse.Namespace) -> int:
    from console.field.call_answer import AnswerPolicy
    from console.field.simulator import run_simulator

    liaison = (args.liaison_user, args.liaison_password) if args.liaison else None
    asyncio.run(run_simulator(args.relay, args.user, args.password, seed=args.seed, workers=args.workers,
                              interval_s=args.interval, report_interval_s=args.report_interval,
                              submission_interval_s=args.submission_interval, liaison=liaison,
                              transfer_interval_s=args.transfer_interval,
                              answer=AnswerPolicy(ring_delay_s=args.ring_delay) if args.calls else None))
    return 0


def _run_console(args: argparse.Namespace) -> int:
    from console.ui.launch import run_console

    return run_console(args.relay, args.user, args.password, history_db=args.db)


def _run_demo(args: argparse.Namespace) -> int:
    from console.demo import run_demo

    return run_demo(db_url=args.db or config.default_db_url(), seed=args.seed, workers=args.workers,
                    report_interval_s=args.report_interval, desks=args.desks)
