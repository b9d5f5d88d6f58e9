"""jingwang import, offline: a station's .xlsx or CSV checked row by row and written through the decider and
the event log; every bad input refused with the cell named and nothing written."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from console.cli import main
from console.data_import.template import write_template
from console.domain.geo import centroid
from console.domain.reference import RefKind
from console.services import data_import as di
from console.store.store import Store

GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # check digit should be X


@pytest.fixture
def sqlite_seeded(tmp_path, demo_roster):
    demo, accounts = demo_roster
    url = f"sqlite:///{tmp_path / 'station.db'}"
    store = Store(url)
    store.upgrade()
    store.seed(demo.district, demo.workers, accounts)
    store.dispose()
    return url, demo


def xlsx(path: Path, rows: list[list], sheet: str = "工作表1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def address_rows(demo, n: int, start: int = 1) -> list[list]:
    """``n`` new addresses inside the district's first grid (one building, rooms 101…)."""
    grid = demo.district.grids[0]
    lng, lat = centroid(grid.polygon)
    header = ["地址编码", "街路巷", "门牌号", "小区", "楼栋", "单元", "楼层", "室", "经度", "纬度"]
    return [header] + [[f"{grid.code}8{k:03d}", "测试路", "18号", "测试小区", "2", "1", str(k // 100 + 1),
                        str(100 + k), lng, lat] for k in range(start, start + n)]


def run_import(url: str, kind: RefKind, path: Path, **kw) -> tuple[di.Outcome, list[str]]:
    lines: list[str] = []
    store = Store(url)
    try:
        outcome = di.import_offline(store, di.Request(kind, path, **kw), di.offline_actor("a01"), lines.append)
    finally:
        store.dispose()
    return outcome, lines


def footprint(url: str) -> tuple:
    """Everything an import could write: the log's head and the reference tables' sizes."""
    store = Store(url)
    try:
        state = store.load_state()
        return store.head(), len(state.workers), len(state.district.addresses), len(state.records)
    finally:
        store.dispose()


def test_import_template_round_trip_every_kind(sqlite_seeded, tmp_path):
    url, _demo = sqlite_seeded
    store = Store(url)
    district = store.load_reference().district
    store.dispose()
    for kind in RefKind:
        path = write_template(kind, tmp_path / f"{kind.value}.xlsx", district)
        before = footprint(url)
        outcome, lines = run_import(url, kind, path)
        assert outcome.exit_code == 0 and outcome.written == 1, (kind, lines)
        assert footprint(url)[0] == before[0] + 1, "one event per import"
    state = Store(url).load_state()
    assert state.workers["W0901"].name == "王晓红"
    assert state.workers["X31"].mode.value == "car", "巡逻车 is a patrol group in a car"
    assert {c.value for c in state.workers["X31"].capabilities} == {"enforcement", "armed", "traffic"}
    new = state.address_index[f"{district.grids[0].code}9001"]
    assert (new.unit, new.floor, new.room, new.grid_code) == ("2", "3", "302", district.grids[0].code)
    assert state.records[state.records_by_key[f"person:{GOOD_ID}"]].current().fields["sex"] == "1"
    assert state.records_by_key["unit:91350100M000100Y43"]


def test_import_csv_template_and_gb18030(sqlite_seeded, tmp_path):
    url, demo = sqlite_seeded
    grid = demo.district.grids[1].code
    rows = [["人员编号", "姓名", "手机号", "所属网格编码"], ["W0950", "陈静怡", "13700000950", grid],
            ["W0951", "赵子龙", "13700000951", grid]]
    path = tmp_path / "workers.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(rows)
    assert "陈静怡".encode("gb18030") in path.read_bytes(), "really GB18030, not UTF-8"
    outcome, lines = run_import(url, RefKind.WORKER, path)
    assert outcome.exit_code == 0 and outcome.written == 2, lines
    state = Store(url).load_state()
    assert (state.workers["W0950"].name, state.workers["W0950"].grid_code) == ("陈静怡", grid)
    bom = tmp_path / "bom.csv"
    with bom.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([rows[0], ["W0952", "林小雨", "13700000952", grid]])
    outcome, lines = run_import(url, RefKind.WORKER, bom)
    assert outcome.written == 1 and "W0952" in Store(url).load_state().workers, lines


def test_import_second_time_changes_nothing(seeded_db, tmp_path):
    url, demo = seeded_db
    path = xlsx(tmp_path / "addresses.xlsx", address_rows(demo, 30))
    first, _ = run_import(url, RefKind.ADDRESS, path)
    assert first.written == 30 and first.exit_code == 0
    after_first = footprint(url)
    second, lines = run_import(url, RefKind.ADDRESS, path)
    assert second.exit_code == 0 and second.written == 0 and second.commands == 0
    assert "没有需要导入的变化：0 行变更" in lines
    assert footprint(url) == after_first, "no event, no row"
    rows = address_rows(demo, 30)
    rows[5][2] = "20号"  # one door plate corrected
    changed, lines = run_import(url, RefKind.ADDRESS, xlsx(tmp_path / "fixed.xlsx", rows))
    assert changed.written == 1, lines
    state = Store(url).load_state()
    assert state.address_index[rows[5][0]].door == "20号"
    assert len(state.district.addresses) == after_first[2], "updated in place, not added"


def _cases(demo) -> dict[str, tuple[RefKind, list[list], str]]:
    grid = demo.district.grids[0]
    lng, lat = centroid(grid.polygon)
    existing = demo.district.addresses[0]
    worker = demo.workers[0]
    header = ["地址编码", "街路巷", "门牌号", "经度", "纬度"]
    person_header = ["身份证号", "姓名", "性别", "居住地址编码"]
    return {
        "missing and unknown headers": (RefKind.WORKER, [["人员编号", "姓名", "电邮"], ["W1", "甲", "a@b"]],
                                        "第1行: 缺少必填列：「手机号」、「所属网格编码」"),
        "unknown header named": (RefKind.WORKER, [["人员编号", "姓名", "手机号", "所属网格编码", "电邮"]],
                                 "未知列：「电邮」"),
        "wrong type": (RefKind.ADDRESS, [header, [f"{grid.code}7001", "测试路", "1号", "东经120度", lat]],
                       "工作表1 第2行 「经度」: 应为数字"),
        "broken check digit": (RefKind.PERSON, [person_header, [BAD_ID, "李四", "男", existing.code]],
                               "工作表1 第2行 「身份证号」: 校验位错误（应为 X）"),
        "credit code check digit": (RefKind.ORG, [["单位名称", "统一社会信用代码", "单位地址编码"],
                                                  ["某店", "91350100M000100Y44", existing.code]],
                                    "第2行 「统一社会信用代码」: 校验位错误（应为 3）"),
        "outside every grid": (RefKind.ADDRESS, [header, [f"{grid.code}7002", "测试路", "2号", lng + 1.0, lat]],
                               "第2行 「经度」: 坐标 ("),
        "duplicate code in the file": (RefKind.ADDRESS, [header, [f"{grid.code}7003", "测试路", "3号", lng, lat],
                                                         [f"{grid.code}7003", "测试路", "5号", lng, lat]],
                                       "第3行 「地址编码」: 与第2行重复"),
        "same place under another code": (RefKind.ADDRESS, [
            [*header, "小区", "楼栋"],
            [f"{grid.code}7004", existing.road, existing.door, existing.lng, existing.lat, existing.compound,
             existing.building]],
            f"第2行 「地址编码」: 该地址已有编码 {existing.code}"),
        "phone of another worker": (RefKind.WORKER, [["人员编号", "姓名", "手机号", "所属网格编码"],
                                                     ["W0960", "甲", worker.phone, grid.code]],
                                    f"第2行 「手机号」: 手机号已属于 {worker.id}"),
        "unknown grid": (RefKind.WORKER, [["人员编号", "姓名", "手机号", "所属网格编码"],
                                          ["W0961", "乙", "13600000961", "320508019999999"]],
                         "第2行 「所属网格编码」: 辖区内没有网格 320508019999999"),
        "id number typed as a number": (RefKind.PERSON, [person_header, [110105194912310020, "李四", "男",
                                                                         existing.code]],
                                        "第2行 「身份证号」: 数字已丢失位数"),
        "grid worker id taken by an officer": (RefKind.WORKER, [["人员编号", "姓名", "手机号", "所属网格编码"],
                                                                ["P001", "丙", "13600000962", grid.code]],
                                               "第2行 「人员编号」: P001 是社区民警，不能作为网格员导入"),
    }


BAD_INPUTS = ("missing and unknown headers", "unknown header named", "wrong type", "broken check digit",
              "credit code check digit", "outside every grid", "duplicate code in the file",
              "same place under another code", "phone of another worker", "unknown grid",
              "id number typed as a number", "grid worker id taken by an officer")


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_import_bad_input_names_the_cell_and_writes_nothing(sqlite_seeded, tmp_path, case):
    url, demo = sqlite_seeded
    cases = _cases(demo)
    assert set(cases) == set(BAD_INPUTS)
    kind, rows, expected = cases[case]
    path = xlsx(tmp_path / "station.xlsx", rows)
    before = footprint(url)
    outcome, lines = run_import(url, kind, path)
    assert outcome.exit_code in (1, 2) and outcome.written == 0
    assert any(expected in line and line.lstrip().startswith("station.xlsx") for line in lines), lines
    assert lines[-1].startswith("有错误：未导入任何数据") or lines[-1] == "未导入任何数据"
    assert footprint(url) == before


def test_import_good_rows_before_a_bad_one_are_not_written(sqlite_seeded, tmp_path):
    url, demo = sqlite_seeded
    rows = address_rows(demo, 40)
    rows[35][8] = "x"  # row 36 of the sheet (the header is row 1)
    before = footprint(url)
    outcome, lines = run_import(url, RefKind.ADDRESS, xlsx(tmp_path / "a.xlsx", rows))
    assert outcome.exit_code == 1 and "a.xlsx 工作表1 第36行 「经度」: 应为数字" in [line.strip() for line in lines]
    assert footprint(url) == before


@pytest.mark.parametrize(("name", "content", "why"), [
    ("big.xlsx", b"PK\x03\x04" + b"\0" * 4096, "超过"),
    ("notes.xlsx", b"this is not a workbook at all", "不是有效的 Excel 工作簿"),
    ("broken.xlsx", b"PK\x03\x04garbage-not-a-zip" * 10, "不是有效的 Excel 工作簿"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
    ("photo.csv", bytes(range(256)) * 4, "不是"),
    ("empty.csv", b"", "文件是空的"),
])
def test_import_refuses_a_file_that_is_not_a_table(sqlite_seeded, tmp_path, name, content, why):
    url, _ = sqlite_seeded
    path = tmp_path / name
    path.write_bytes(content)
    before = footprint(url)
    outcome, lines = run_import(url, RefKind.ADDRESS, path, max_bytes=2048 if name == "big.xlsx" else 10**6)
    assert outcome.exit_code == 2 and outcome.check.refused
    assert any(line.strip().startswith(f"{name}: ") and why in line for line in lines), lines
    assert footprint(url) == before


def test_import_over_the_size_limit_is_refused_before_parsing(sqlite_seeded, tmp_path, monkeypatch):
    url, demo = sqlite_seeded
    path = xlsx(tmp_path / "a.xlsx", address_rows(demo, 300))
    import console.data_import.reader as reader

    monkeypatch.setattr(reader, "_workbook", lambda p: pytest.fail("parsed a file over the limit"))
    outcome, lines = run_import(url, RefKind.ADDRESS, path, max_bytes=path.stat().st_size - 1)
    assert outcome.exit_code == 2 and "超过" in lines[0] and "KB 的上限" in lines[0]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_import_skip_bad_imports_good_rows_and_writes_the_bad_ones(sqlite_seeded, tmp_path, suffix):
    url, demo = sqlite_seeded
    rows = address_rows(demo, 6)
    rows[2][9] = "北纬"  # sheet row 3: bad latitude
    rows[5][0] = rows[4][0]  # sheet row 6 repeats row 5's code
    bad_file = tmp_path / f"bad{suffix}"
    outcome, lines = run_import(url, RefKind.ADDRESS, xlsx(tmp_path / "a.xlsx", rows), skip_bad=bad_file)
    assert outcome.exit_code == 0 and outcome.written == 4 and outcome.bad_file == bad_file, lines
    if suffix == ".xlsx":
        got = [list(r) for r in openpyxl.load_workbook(bad_file).active.iter_rows(values_only=True)]
    else:
        with bad_file.open(encoding="utf-8-sig", newline="") as f:
            got = list(csv.reader(f))
    assert got[0] == [*rows[0], "错误原因"]
    assert [r[0] for r in got[1:]] == [rows[2][0], rows[5][0]]
    assert got[1][-1] == "「纬度」应为数字" and got[2][-1] == "「地址编码」与第5行重复"
    state = Store(url).load_state()
    assert rows[1][0] in state.address_index and rows[2][0] not in state.address_index


def test_import_offline_is_refused_while_a_relay_holds_the_database(sqlite_seeded, tmp_path):
    url, demo = sqlite_seeded
    relay_store = Store(url)
    relay_store.acquire_writer_lock()
    try:
        with pytest.raises(di.ImportRefused, match="中继正在运行"):
            run_import(url, RefKind.ADDRESS, xlsx(tmp_path / "a.xlsx", address_rows(demo, 2)))
        dry, _ = run_import(url, RefKind.ADDRESS, xlsx(tmp_path / "a.xlsx", address_rows(demo, 2)), dry_run=True)
        assert dry.exit_code == 0 and dry.written == 0, "a dry run only reads"
    finally:
        relay_store.dispose()


def test_import_cli_exit_codes_and_template(sqlite_seeded, tmp_path, capsys):
    url, demo = sqlite_seeded
    assert main(["import", "template", "address", "--out", str(tmp_path / "t.xlsx"), "--db", url]) == 0
    assert main(["import", "address", str(tmp_path / "t.xlsx"), "--db", url, "--dry-run"]) == 0
    assert "试运行：未写入任何数据" in capsys.readouterr().out
    assert main(["import", "address", str(tmp_path / "t.xlsx"), "--db", url]) == 0
    path = xlsx(tmp_path / "bad.xlsx", [*address_rows(demo, 2), ["x"]])
    assert main(["import", "address", str(path), "--db", url]) == 1, "a bad row"
    assert main(["import", "address", str(xlsx(tmp_path / "h.xlsx", [["街路巷"], ["x"]])), "--db", url]) == 2
    assert main(["import", "spaceship", str(path), "--db", url]) == 2
    assert "未知类型 spaceship" in capsys.readouterr().err
