"""The recording transfer frames (parsed at the relay's edge) and the relay's recording store on disk."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct

import pytest

from console.domain.errors import DomainError
from console.domain.recording_days import day_folder
from console.protocol import messages as m
from console.protocol import recordings as rec
from console.relay.recording_store import RecordingStore

CALL = "C0123456789ab"
T0 = 1_800_000_000_000


def put_frame(data: bytes = b"x", **header) -> bytes:
    return rec.pack({"v": 1, "t": "rec.put", "id": "p1", "call": CALL, "part": "", "offset": 0, **header}, data)


def test_a_chunk_frame_parses_into_its_header_and_bytes():
    msg = m.parse_client(put_frame(b"\x00\x01" * 10, offset=7, part="W0001"))
    assert msg == rec.RecPut("p1", CALL, "W0001", 7, b"\x00\x01" * 10)
    begin = m.parse_client(json.dumps({"v": 1, "t": "rec.begin", "id": "b", "call": CALL, "part": "", "bytes": 5,
                                       "sha256": "0" * 64, "duration_ms": 0, "started_at": T0}))
    assert begin == rec.RecBegin("b", CALL, "", 5, "0" * 64, 0, T0)


@pytest.mark.parametrize(("raw", "code"), [
    (rec.BINARY_MARK + b"\x00\x00", "E_MALFORMED"),  # too short for a header length
    (rec.BINARY_MARK + struct.pack(">I", 5000) + b"{}", "E_MALFORMED"),  # header longer than allowed
    (rec.BINARY_MARK + struct.pack(">I", 3) + b"{x}", "E_MALFORMED"),  # header is not JSON
    (put_frame(id=""), "E_FIELD"),
    (put_frame(v=2), "E_VERSION"),
    (put_frame(t="rec.begin"), "E_UNKNOWN_TYPE"),
    (put_frame(b""), "E_TOO_LARGE"),
    (put_frame(bytes(rec.CHUNK_BYTES + 1)), "E_TOO_LARGE"),
    (put_frame(call="../../etc/passwd"), "E_FIELD"),
    (put_frame(part="../x"), "E_FIELD"),
    (put_frame(part="W1/.."), "E_FIELD"),
    (put_frame(offset=-1), "E_FIELD"),
    (put_frame(offset=True), "E_FIELD"),
])
def test_bad_chunk_frames_are_refused_with_a_chinese_reason(raw, code):
    with pytest.raises(DomainError) as err:
        m.parse_client(raw)
    assert err.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.zh)


def meta(data: bytes, **override) -> dict:
    return {"call": CALL, "part": "", "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "duration_ms": 1_000, "started_at": T0, "account": "d01", **override}


def test_the_store_takes_chunks_in_order_verifies_and_files_the_recording_by_day(tmp_path):
    store = RecordingStore(tmp_path, max_bytes=1000)
    data = os.urandom(300)
    assert store.begin(meta(data)) == (0, False)
    assert store.put(CALL, "", 0, data[:100])[0] == 100
    with pytest.raises(DomainError) as err:
        store.put(CALL, "", 50, data[50:150])
    assert err.value.code == "E_OFFSET" and err.value.extra == {"have": 100}
    assert store.begin(meta(data)) == (100, False)  # asked again (a reconnect): goes on from there
    with pytest.raises(DomainError) as err:
        store.put(CALL, "", 100, data[100:] + b"extra")
    assert err.value.code == "E_TOO_LARGE"
    assert store.put(CALL, "", 100, data[100:])[0] == 300
    final, stored = store.finish(CALL, "")
    assert final == tmp_path / day_folder(T0) / f"{CALL}.mkv" and final.read_bytes() == data
    assert stored == meta(data) and store.find(CALL, "") == (final, meta(data))
    assert not list(store.incoming.iterdir())
    assert store.begin(meta(data)) == (300, True)  # the same upload again: nothing to do
    with pytest.raises(DomainError) as err:
        store.begin(meta(b"other"))
    assert err.value.code == "E_CONFLICT"


def test_a_changed_announcement_starts_over_and_a_bad_checksum_discards(tmp_path):
    store = RecordingStore(tmp_path, max_bytes=1000)
    data = os.urandom(200)
    store.begin(meta(data))
    store.put(CALL, "", 0, data[:100])
    assert store.begin(meta(data, sha256="1" * 64)) == (0, False)
    store.put(CALL, "", 0, data)
    with pytest.raises(DomainError) as err:
        store.finish(CALL, "")
    assert err.value.code == "E_CHECKSUM" and "文件校验失败" in err.value.zh
    assert store.find(CALL, "") is None and not list(store.incoming.iterdir())
    with pytest.raises(DomainError) as err:
        store.begin(meta(data, bytes=1001))
    assert err.value.code == "E_TOO_LARGE" and "超过上限" in err.value.zh


def test_retention_prunes_old_days_and_abandoned_uploads(tmp_path):
    store = RecordingStore(tmp_path, max_bytes=1000, retention_days=30)
    now = int(dt.datetime.now().timestamp() * 1000)
    old = meta(b"old", started_at=now - 40 * 86_400_000)
    for m_ in (old, meta(b"new", call="C00000000000f", started_at=now)):
        store.begin(m_)
        store.put(m_["call"], "", 0, b"old" if m_ is old else b"new")
        store.finish(m_["call"], "")
    store.begin(meta(b"abandoned", call="C00000000000e"))
    stale = (dt.datetime.now() - dt.timedelta(days=31)).timestamp()
    for path in store.incoming.iterdir():
        os.utime(path, (stale, stale))
    store.prune()
    assert store.find(CALL, "") is None and store.find("C00000000000f", "") is not None
    assert not list(store.incoming.iterdir())
