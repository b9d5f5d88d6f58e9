"""The relay's JSON on the hot path, with ``msgspec``: one decoder and one encoder, built once.

About five times faster than the standard library for the frames the relay reads and writes. The output
is compact UTF-8 that keeps Chinese as is (``ensure_ascii=False, separators=(",", ":")``); a float that
is not finite is written ``null`` (not ``NaN``, which is not JSON). What ``msgspec`` refuses but
:func:`json.loads` reads (a lone surrogate escape, ``NaN``, ``1e400``) is read by the latter, so the relay
accepts and refuses exactly what it did; malformed input raises ``ValueError``.
"""

from __future__ import annotations

import json

import msgspec

_decoder = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder()



def loads(raw: str | bytes):
    """Python objects from JSON text or UTF-8 bytes."""
    try:
        return _decoder.decode(raw)
    except msgspec.DecodeError:
        return json.loads(raw)  # the standard library's verdict, and its message


dumps_bytes = _encoder.encode  # Python objects -> UTF-8 bytes


def dumps(value) -> str:
    """``value`` as compact JSON text."""
    return _encoder.encode(value).decode()
