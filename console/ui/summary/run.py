"""``jingwang summary``: compute one station's day (or, ``run_assessment``, a week, month, quarter, year or
range) from the database and write the PDF and/or XLSX.

With ``--relay`` (a workstation) the day is asked of the relay (query ``summary.daily``) after a login;
without it, read from the database (on the server).

Exit codes: 0 written; 2 bad arguments (date, unknown station, no output file); 1 the database
could not be read or a file could not be written. Errors are one line on stderr, in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from console.domain.errors import DomainError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def run_summary(db_url: str, date_text: str, station: str, pdf: str | None, xlsx: str | None,
                *, out=None, err=None, relay: str | None = None, user: str = "c01", password: str | None = None) -> int:
    """Write the reports for ``station`` on ``date_text`` (YYYY-MM-DD); returns the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        print(f"错误：日期无效 {date_text!r}，应为 YYYY-MM-DD / error: bad date {date_text!r}, expected YYYY-MM-DD",
              file=err)
        return EXIT_USAGE
    if not pdf and not xlsx:
        print("错误：请指定 --pdf 和/或 --xlsx / error: give --pdf and/or --xlsx", file=err)
        return EXIT_USAGE
    if relay:
        try:
            summary = _from_relay(relay, user, password, date, station)
        except DomainError as exc:
            print(f"错误：{exc.zh} / error: {exc.en}", file=err)
            return EXIT_USAGE if exc.code in ("E_FIELD", "E_NOT_FOUND", "E_FORBIDDEN") else EXIT_FAILED
        return _write(summary, pdf, xlsx, out, err)
    from console.services.history import DatabaseError, open_history
    from console.services.summary import build_daily_summary, station_names

    store = open_history(db_url)
    try:
        codes = station_names(store)
        if station not in codes:
            known = "、".join(f"{c} {n}" for c, n in sorted(codes.items())) or "无"
            print(f"错误：派出所 {station} 不存在（已有：{known}）/ error: unknown station {station}", file=err)
            return EXIT_USAGE
        summary = build_daily_summary(store, date, station)
    except DomainError as exc:
        print(f"错误：{exc.zh} / error: {exc.en}", file=err)
        return EXIT_USAGE if exc.code in ("E_FIELD", "E_NOT_FOUND") else EXIT_FAILED
    except DatabaseError as exc:
        print(f"错误：无法读取数据库 {store.url}（是否已执行 jingwang db upgrade？）/ error: cannot read the database: "
              f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=err)
        return EXIT_FAILED
    finally:
        store.dispose()
    return _write(summary, pdf, xlsx, out, err)


def _from_relay(url: str, user: str, password: str | None, date: dt.date, station: str):
    """The day asked of the relay at ``url`` as ``user`` (the password from the argument or a prompt)."""
    import asyncio
    import getpass

    from console.net.client import RelayClient
    from console.services.relay_history import BlockingQueries, RelaySummarySource

    secret = password or getpass.getpass(f"{user} 密码 / password: ")

    async def ask():
        client = RelayClient(url, user, secret, subscribe=False)
        running = client.start()  # ends at once when the login is refused
        live = asyncio.ensure_future(client.live.wait())
        await asyncio.wait({running, live}, timeout=30.0, return_when=asyncio.FIRST_COMPLETED)
        try:
            if not client.live.is_set():
                raise DomainError("E_UNAVAILABLE", f"{url}: {client.login_error or '连接超时 / no connection'}")
            source = RelaySummarySource(BlockingQueries(client, asyncio.get_running_loop()))
            if not any(s.code == station for s in await asyncio.to_thread(source.stations)):
                raise DomainError("E_NOT_FOUND", f"派出所 {station}（或不在本账号范围内）")
            return await asyncio.to_thread(source.summary, date, station)
        finally:
            live.cancel()
            await client.close()

    return asyncio.run(ask())


def run_assessment(db_url: str, kind: str, text: str, station: str, pdf: str | None, xlsx: str | None,
                   *, out=None, err=None) -> int:
    """Write the assessment of ``station`` (or the district) over the ``kind`` period ``text``; the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    from console.domain import periods

    try:
        spec = periods.parse(kind, text)
    except DomainError as exc:
        print(f"错误：{exc.zh} / error: {exc.en}", file=err)
        return EXIT_USAGE
    if not pdf and not xlsx:
        print("错误：请指定 --pdf 和/或 --xlsx / error: give --pdf and/or --xlsx", file=err)
        return EXIT_USAGE
    from console.services.assessment import assess
    from console.services.history import DatabaseError, open_history

    store = open_history(db_url)
    try:
        assessment = assess(store, spec, station)
    except DomainError as exc:
        print(f"错误：{exc.zh} / error: {exc.en}", file=err)
        return EXIT_USAGE if exc.code in ("E_FIELD", "E_NOT_FOUND") else EXIT_FAILED
    except DatabaseError as exc:
        print(f"错误：无法读取数据库 {store.url} / error: cannot read the database: {exc.__class__.__name__}", file=err)
        return EXIT_FAILED
    finally:
        store.dispose()
    from console.reports.assessment_xlsx import write_assessment_xlsx

    return _write(assessment, pdf, xlsx, out, err, pdf_writer="assessment", xlsx_writer=write_assessment_xlsx)


@dataclass(frozen=True, slots=True)
class PushTo:
    """``--push``: the relay, the account (its password from JINGWANG_PASSWORD or a prompt) and the PDF's link."""

    relay: str
    user: str
    password: str | None = None
    link: str = ""


def run_analysis(db_url: str, kind: str, text: str, station: str, pdf: str, *, push: PushTo | None = None,
                 out=None, err=None) -> int:
    """Write the 研判 of ``station`` (or the district) over the ``kind`` period ``text`` as a PDF and, with
    ``push``, push its findings as notices (once per period); the exit code. ``--week last``: the previous week;
    ``{period}`` in ``pdf`` becomes the period's label (``研判_{period}.pdf`` → ``研判_2026-W48.pdf``)."""
    out, err = out or sys.stdout, err or sys.stderr
    from console.domain import periods, station_time

    try:
        spec = periods.week(station_time.today()).previous() if (kind, text) == ("week", "last") \
            else periods.parse(kind, text)
    except DomainError as exc:
        print(f"错误：{exc.zh} / error: {exc.en}", file=err)
        return EXIT_USAGE
    pdf = pdf.replace("{period}", spec.label)
    from console.services.analysis import build_analysis
    from console.services.history import DatabaseError, open_history

    store = open_history(db_url)
    try:
        analysis = build_analysis(store, spec.period(), station)
        reference = store.load_reference() if push else None
    except DomainError as exc:
        print(f"错误：{exc.zh} / error: {exc.en}", file=err)
        return EXIT_USAGE if exc.code in ("E_FIELD", "E_NOT_FOUND") else EXIT_FAILED
    except DatabaseError as exc:
        print(f"错误：无法读取数据库 {store.url} / error: cannot read the database: {exc.__class__.__name__}", file=err)
        return EXIT_FAILED
    finally:
        store.dispose()
    try:
        pages = _write_pdf(analysis, Path(pdf), "analysis")
    except OSError as exc:
        print(f"错误：无法写入文件 / error: cannot write: {exc}", file=err)
        return EXIT_FAILED
    print(f"PDF: {pdf}（{pages} 页）", file=out)
    if push is None:
        return EXIT_OK
    return _push(analysis, reference, station, spec.label, Path(pdf), pages, push, out, err)


def _push(analysis, reference, station: str, label: str, pdf: Path, pages: int, to: PushTo, out, err) -> int:
    """Push the 研判's findings naming the PDF; a week already pushed is reported and sent again to nobody."""
    import asyncio
    import getpass

    from console.reports.analysis_tables import notice_text
    from console.services.analysis_push import plan, push, with_report

    text = with_report(notice_text(analysis), pdf.name, pages, to.link)
    secret = to.password or getpass.getpass(f"{to.user} 密码 / password: ")
    try:
        pushed = asyncio.run(push(to.relay, to.user, secret, plan(reference, station, label, text, pdf), pdf))
    except DomainError as exc:
        print(f"错误：推送失败：{exc.zh} / error: push failed: {exc.en}", file=err)
        return EXIT_USAGE if exc.code in ("E_FIELD", "E_NOT_FOUND", "E_FORBIDDEN") else EXIT_FAILED
    new = [p for p in pushed if not p.duplicate]
    if new:
        print(f"已推送 {label} 研判：{len(new)} 条通知 / pushed {len(new)} notices", file=out)
    else:
        print(f"{label} 研判此前已推送，本次未重复推送 / already pushed for {label}: nothing sent", file=out)
    return EXIT_OK


def _write(report, pdf: str | None, xlsx: str | None, out, err, *, pdf_writer: str = "summary",
           xlsx_writer=None) -> int:
    try:
        if pdf:
            pages = _write_pdf(report, Path(pdf), pdf_writer)
            print(f"PDF: {pdf}（{pages} 页）", file=out)
        if xlsx:
            from console.reports.summary_xlsx import write_summary_xlsx

            (xlsx_writer or write_summary_xlsx)(report, xlsx)
            print(f"XLSX: {xlsx}", file=out)
    except OSError as exc:
        print(f"错误：无法写入文件 / error: cannot write: {exc}", file=err)
        return EXIT_FAILED
    return EXIT_OK


def _write_pdf(report, path: Path, which: str) -> int:
    """The PDF needs a QGuiApplication for fonts; on a server there is no screen, so use offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from console.ui.reports.analysis_pdf import write_analysis_pdf
    from console.ui.reports.assessment_pdf import write_assessment_pdf
    from console.ui.reports.summary_pdf import write_summary_pdf

    _app = QGuiApplication.instance() or QGuiApplication([])
    if not path.parent.is_dir():
        raise OSError(f"{path.parent} 不存在 / does not exist")
    writers = {"analysis": write_analysis_pdf, "assessment": write_assessment_pdf, "summary": write_summary_pdf}
    return writers[which](report, path)
