"""Partitions by jurisdiction: one PostgreSQL schema per 派出所 (or 分局), each holding the whole table set.

A partition ``CODE`` lives in schema ``jw_CODE``: its own event log and gap-free seq, projections, accounts,
checkpoints and writer lease, so every single-writer invariant holds per partition unchanged. The partition
travels inside the database URL (libpq ``options=-csearch_path=jw_CODE``): every connection of every store
opened on that URL — the writer's, the query threads', a command-line tool's — sees that schema alone.
No partition named: the public schema, partition ``main``; SQLite has one partition per file.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url

MAIN = "main"  # the partition of a URL that names none (the public schema, or a SQLite file)
SCHEMA_PREFIX = "jw_"
CODE = re.compile(r"[a-z0-9_]{1,32}")
_NAMED = re.compile(r"-csearch_path=" + SCHEMA_PREFIX + r"([a-z0-9_]{1,32})\b")
PATH_PREFIX = "/p/"  # a client names its partition in the websocket URL: ws://host:port/p/CODE


def check_code(code: str) -> str:
    """``code`` when it can name a partition (lower-case letters, digits, ``_``; not ``main``, the public
    schema's), else ValueError."""
    if not CODE.fullmatch(code) or code == MAIN:
        raise ValueError(f"分区代码无效：{code!r}（只能用小写字母、数字和下划线，最长 32；main 指 public 模式）"
                         "/ invalid partition code")
    return code


def schema_of(code: str) -> str:
    """The PostgreSQL schema holding partition ``code``."""
    return SCHEMA_PREFIX + check_code(code)


def in_partition(url: str, code: str) -> str:
    """``url`` (PostgreSQL) opened on partition ``code``; ValueError for a bad code or another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError("分区需要 PostgreSQL（SQLite 每个文件就是一个分区）/ partitions need PostgreSQL")
    options = f"-csearch_path={schema_of(code)}"
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


def partition_of(url: str) -> str:
    """The partition ``url`` is opened on (``main`` when it names none)."""
    options = make_url(url).query.get("options", "")
    found = _NAMED.search(options if isinstance(options, str) else " ".join(options))
    return found.group(1) if found else MAIN


def requested(path: str) -> str | None:
    """The partition a websocket request path names (``/p/CODE``), None for none; a malformed one is returned
    as it is, to be refused as unknown."""
    path = path.split("?", 1)[0].rstrip("/")
    if not path.startswith(PATH_PREFIX):
        return None
    return path.removeprefix(PATH_PREFIX)


def client_url(relay_url: str, code: str) -> str:
    """Where a client of partition ``code`` connects on the relay serving at ``relay_url``."""
    return relay_url if code == MAIN else f"{relay_url.rstrip('/')}{PATH_PREFIX}{code}"
