"""Partition codes, URLs and websocket paths (console.store.partition) and the command line's --partition."""

from __future__ import annotations

import pytest

from console.cli import main as cli_main
from console.store.partition import MAIN, client_url, in_partition, partition_of, requested, schema_of

PG = "postgresql+psycopg://u:secret@db.example:5432/jingwang"


def test_a_partition_url_keeps_everything_else_and_reads_back_its_code():
    url = in_partition(PG, "sz_370102")
    assert partition_of(url) == "sz_370102"
    assert url.startswith("postgresql+psycopg://u:secret@db.example:5432/jingwang?")
    assert partition_of(in_partition(url, "b")) == "b"  # a second partition replaces the first
    assert partition_of(PG) == MAIN and partition_of("sqlite:///x.db") == MAIN
    assert schema_of("a") == "jw_a"


@pytest.mark.parametrize("code", ["", "A", "a-b", "a;drop", "x" * 33, "中心", "main"])
def test_a_bad_code_is_refused_in_chinese(code):
    with pytest.raises(ValueError, match="分区代码无效"):
        in_partition(PG, code)


def test_sqlite_has_no_partitions():
    with pytest.raises(ValueError, match="分区需要 PostgreSQL"):
        in_partition("sqlite:///x.db", "a")


def test_a_websocket_path_names_a_partition_or_none():
    assert requested("/") is None and requested("") is None and requested("/other") is None
    assert requested("/p/b") == "b" and requested("/p/b/") == "b" and requested("/p/b?x=1") == "b"
    assert requested("/p/B;x") == "B;x"  # malformed: refused as unknown by the relay
    assert client_url("ws://h:1", "b") == "ws://h:1/p/b" and client_url("ws://h:1/", "b") == "ws://h:1/p/b"
    assert client_url("ws://h:1", MAIN) == "ws://h:1"


def test_the_command_line_refuses_a_partition_of_sqlite_and_changes_nothing(tmp_path, capsys):
    db = tmp_path / "x.db"
    assert cli_main(["db", "upgrade", "--db", f"sqlite:///{db}", "--partition", "a"]) == 2
    assert "分区需要 PostgreSQL" in capsys.readouterr().err
    assert not db.exists()
