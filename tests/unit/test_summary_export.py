"""The daily summary's PDF (rendered back with QtPdf) and XLSX (read back with openpyxl) exports."""

from __future__ import annotations

import dataclasses
import re

import openpyxl
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from console.domain.summary import KpiValue
from console.reports.summary_tables import kpi_text, trend
from console.reports.summary_xlsx import write_summary_xlsx
from console.ui.reports.summary_pdf import write_summary_pdf
from tests.summary_sample import KPIS, TODAY_VALUES, sample_summary

SHEETS = ["指标", "分类", "时段", "超期", "转办待反馈", "网格员考核", "未覆盖网格"]


def _render(path, page: int) -> QImage:
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    image = doc.render(page, QSize(620, 877))
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


def _ink(image: QImage) -> int:
    """Pixels that are clearly not white."""
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if QColor(image.pixel(x, y)).lightness() < 200)


def _pages(path) -> int:
    doc = QPdfDocument()
    doc.load(str(path))
    return doc.pageCount()


def test_pdf_renders_with_ink_and_the_page_count_it_reports(qapp, tmp_path):
    path = tmp_path / "day.pdf"
    pages = write_summary_pdf(sample_summary(workers=40, overdue=15), path)
    assert pages >= 3  # 40 workers and 15 overdue items cannot fit on two A4 pages
    assert _pages(path) == pages
    first, last = _render(path, 0), _render(path, pages - 1)
    assert _ink(first) > 2000
    assert _ink(last) > 200  # at least the header and the page number
    doc = QPdfDocument()
    doc.load(str(path))
    turned = [n for n in range(pages) if doc.pagePointSize(n).width() > doc.pagePointSize(n).height()]
    assert turned and turned == list(range(turned[0], pages))  # the wide worker table goes landscape, to the end
    assert doc.pagePointSize(0).height() == pytest.approx(842, abs=1)  # A4 portrait first


def test_more_rows_make_more_pages(qapp, tmp_path):
    small = write_summary_pdf(sample_summary(workers=2, overdue=1), tmp_path / "small.pdf")
    big = write_summary_pdf(sample_summary(workers=120, overdue=40), tmp_path / "big.pdf")
    assert big > small


def test_pdf_of_an_empty_day_still_renders(qapp, tmp_path):
    empty = dataclasses.replace(sample_summary(workers=0, overdue=0), by_category=[], by_hour=[0] * 24,
                                by_hour_yesterday=[0] * 24, referrals_waiting=[], uncovered_grids=[])
    path = tmp_path / "empty.pdf"
    assert write_summary_pdf(empty, path) == _pages(path) >= 1
    assert _ink(_render(path, 0)) > 1000


def test_pdf_text_carries_station_date_and_page_numbers(qapp, tmp_path):
    path = tmp_path / "day.pdf"
    pages = write_summary_pdf(sample_summary(workers=60), path)
    doc = QPdfDocument()
    doc.load(str(path))
    for n in range(pages):
        text = doc.getAllText(n).text()
        assert "平江派出所" in text and "2026-11-21" in text
        # Qt maps some Noto CJK glyphs back to radicals (页 -> ⻚) in the text layer, so match loosely
        assert re.search(rf"第 {n + 1} \S / 共 {pages} \S", text)
    first = doc.getAllText(0).text()
    assert "隐患排查率" in first and "90.0%" in first


def test_xlsx_has_the_sheets_and_numbers_as_numbers(tmp_path):
    summary = sample_summary(workers=3)
    path = write_summary_xlsx(summary, tmp_path / "day.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    kpis = book["指标"]
    assert kpis.freeze_panes == "A4"
    assert [c.value for c in kpis[3]][:7] == ["指标", "单位", "今日", "分子", "分母", "昨日", "近7日均值"]
    first = [c for c in kpis[4]]
    assert first[0].value == "隐患排查率"
    assert first[2].value == pytest.approx(0.9) and first[2].number_format == "0.0%"
    assert (first[3].value, first[4].value) == (18, 20)
    by_code = {row[-1].value: row for row in kpis.iter_rows(min_row=4)}
    assert by_code["visit_rate"][2].value is None  # zero denominator: no number, not a zero
    assert by_code["avg_response_min"][2].value == pytest.approx(21.0)
    assert kpis.max_row == 3 + len(KPIS)


def test_xlsx_tables_match_the_summary(tmp_path):
    summary = sample_summary(workers=4, overdue=3)
    book = openpyxl.load_workbook(write_summary_xlsx(summary, tmp_path / "day.xlsx"))
    cats = list(book["分类"].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[2]) for r in cats] == [(c.family, c.name, c.count) for c in summary.by_category]
    assert sum(r[3] for r in cats) == pytest.approx(1.0)
    hours = list(book["时段"].iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in hours] == summary.by_hour and [r[2] for r in hours] == summary.by_hour_yesterday
    overdue = list(book["超期"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in overdue] == [i.id for i in summary.overdue]
    assert overdue[0][3].hour == 8  # a real date-time, not text
    workers = book["网格员考核"]
    header = [c.value for c in workers[3]]
    assert header[:3] == ["网格员", "工号", "网格"] and header[-2:] == ["综合得分", "等级"]
    rows = list(workers.iter_rows(min_row=4, values_only=True))
    assert [(r[1], r[-2], r[-1]) for r in rows] == [(w.worker_id, w.kpis.score, w.kpis.grade) for w in summary.workers]
    assert rows[0][header.index("隐患排查率")] == pytest.approx(TODAY_VALUES["hazard_check_rate"])
    assert book["未覆盖网格"]["A4"].value == "320508019044004"


def test_empty_tables_say_so(tmp_path):
    summary = dataclasses.replace(sample_summary(overdue=0), referrals_waiting=[])
    book = openpyxl.load_workbook(write_summary_xlsx(summary, tmp_path / "day.xlsx"))
    assert book["超期"]["A4"].value == "无"
    assert book["转办待反馈"].max_row == 4


def _kpi(value, unit="%", higher=True):
    return KpiValue("k", "k", 0, 0, value, unit, higher)


def test_values_and_trends_read_in_chinese_with_direction():
    assert kpi_text(_kpi(None)) == "—" and kpi_text(None) == "—"
    assert kpi_text(_kpi(0.875)) == "87.5%"
    assert kpi_text(_kpi(6.0, "件")) == "6 件"
    assert kpi_text(_kpi(21.04, "分钟")) == "21.0 分钟"
    up = trend(_kpi(0.9), _kpi(0.75))
    assert (up.arrow, up.better) == ("▲", True) and up.text == "▲ +15.0 个百分点 改善"
    worse = trend(_kpi(0.1, higher=False), _kpi(0.05, higher=False))
    assert (worse.arrow, worse.better) == ("▲", False) and worse.text.endswith("变差")
    faster = trend(_kpi(18.0, "分钟", False), _kpi(21.0, "分钟", False))
    assert faster.text == "▼ −3.0 分钟 改善" and faster.better is True
    assert trend(_kpi(0.5), _kpi(0.5)).text == "＝ 持平"
    assert trend(_kpi(None), _kpi(0.5)).better is None and trend(_kpi(None), _kpi(0.5)).text == "—"


def test_report_upward_lists_graded_workers_and_exceptions_and_has_a_signoff_block(qapp, tmp_path):
    """200 workers, 3 graded today, one ungraded whose grid went uncovered and one with an overdue item: the
    report's worker section holds those 5, says how many were left out, and ends with 审核/签发."""
    from console.reports.summary_tables import graded_worker_table

    base = sample_summary(workers=200, overdue=1)
    rows = [w if i in (0, 1, 2) else dataclasses.replace(w, kpis=dataclasses.replace(w.kpis, score=None, grade=None))
            for i, w in enumerate(base.workers)]
    summary = dataclasses.replace(base, workers=rows)  # 网格员1's item is overdue; grid 004 is uncovered
    table, quiet = graded_worker_table(summary)
    assert quiet == 196
    assert [r[1] for r in table.rows] == ["W001", "W002", "W003", "W004"]
    assert table.rows[0][-1] == "超期 1 件" and table.rows[3][-1] == "网格未覆盖" and table.rows[1][-1] == ""
    assert "已评定 3 人，异常 2 人" in table.title
    path = tmp_path / "up.pdf"
    pages = write_summary_pdf(summary, path)
    doc = QPdfDocument()
    doc.load(str(path))
    text = "".join(doc.getAllText(n).text() for n in range(pages))
    assert "另有 196 名" in text and "超期 1 件" in text  # (网 comes back from the PDF as a radical)
    last = doc.getAllText(pages - 1).text()
    assert all(word in last for word in ("填报", "审核", "签发"))
    book_path = tmp_path / "up.xlsx"
    write_summary_xlsx(summary, book_path)
    assert openpyxl.load_workbook(book_path)["网格员考核"].max_row == 3 + 200  # the workbook keeps everyone
