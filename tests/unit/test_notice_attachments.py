"""Notice attachments (the 研判 PDF): the ``att.put`` frame accepts only PDF chunks named by a checksum, and the
relay's store takes them in order, verifies the whole file and keeps it under its SHA-256 only."""

from __future__ import annotations

import hashlib

import pytest

from console.domain.errors import DomainError
from console.protocol import messages as m
from console.protocol.attachments import AttPut
from console.protocol.recordings import pack
from console.relay.attachment_store import AttachmentStore

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
SHA = hashlib.sha256(PDF).hexdigest()


def frame(data: bytes, **header) -> bytes:
    return pack({"v": 1, "t": "att.put", "id": "u1", "sha256": SHA, "bytes": len(PDF), "offset": 0, **header}, data)


def test_att_put_parses_a_pdf_chunk():
    msg = m.parse_client(frame(PDF[:100]))
    assert msg == AttPut("u1", SHA, len(PDF), 0, PDF[:100])
    later = m.parse_client(frame(b"no header needed later", offset=100))
    assert later.offset == 100


@pytest.mark.parametrize(("data", "header", "code"), [
    (b"PK\x03\x04 a zip, not a PDF", {}, "E_FIELD"),
    (PDF[:10], {"sha256": "../../etc/passwd"}, "E_FIELD"),
    (PDF[:10], {"sha256": SHA.upper()}, "E_FIELD"),
    (PDF[:10], {"bytes": 0}, "E_FIELD"),
    (PDF[:10], {"offset": -1}, "E_FIELD"),
    (b"", {}, "E_TOO_LARGE"),
])
def test_att_put_refuses_what_is_not_a_checked_pdf_chunk(data, header, code):
    with pytest.raises(m.ProtocolError) as refused:
        m.parse_client(frame(data, **header))
    assert refused.value.code == code and refused.value.message_id == "u1"


def test_store_takes_chunks_in_order_and_keeps_the_verified_file_under_its_checksum(tmp_path):
    store = AttachmentStore(tmp_path, 1 << 20)
    assert store.put(SHA, len(PDF), 0, PDF[:4000]) == (4000, False)
    with pytest.raises(DomainError) as gap:
        store.put(SHA, len(PDF), 5000, PDF[5000:6000])
    assert gap.value.code == "E_OFFSET" and gap.value.extra["have"] == 4000
    assert store.path(SHA) is None
    assert store.put(SHA, len(PDF), 4000, PDF[4000:]) == (len(PDF), True)
    assert store.path(SHA).read_bytes() == PDF and store.path(SHA).name == f"{SHA}.pdf"
    assert store.put(SHA, len(PDF), 0, PDF[:10]) == (len(PDF), True)  # held already: done at once
    assert not list(store.incoming.iterdir())


def test_store_discards_a_file_whose_checksum_differs_and_refuses_one_too_large(tmp_path):
    store = AttachmentStore(tmp_path, len(PDF))
    other = "0" * 64
    with pytest.raises(DomainError) as bad:
        store.put(other, len(PDF), 0, PDF)
    assert bad.value.code == "E_CHECKSUM" and store.path(other) is None and not list(store.incoming.iterdir())
    with pytest.raises(DomainError) as big:
        store.put(SHA, len(PDF) + 1, 0, PDF)
    assert big.value.code == "E_TOO_LARGE" and store.path(SHA) is None
    with pytest.raises(DomainError) as more:
        store.put(SHA, 10, 0, PDF[:11])
    assert more.value.code == "E_TOO_LARGE"
