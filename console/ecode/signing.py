"""Door-plate signatures: HMAC-SHA256 over the plate epoch and the address code, by a relay secret.

Nobody without the secret can make a valid plate for an address, and raising the epoch
(``JINGWANG_ECODE_EPOCH``) revokes every plate printed before. The same secret keys the hashes of a
sender's device token and address that the log keeps to block abuse (never the raw values).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from urllib.parse import quote

from console import config

SIGNATURE_HEX = 16  # 64 bits: a guess succeeds once in 1.8e19 tries, and every try is rate-limited
SECRET_FILE = "ecode.secret"


class PlateSigner:
    """Signs and checks door plates of one epoch."""

    def __init__(self, secret: bytes, epoch: int = 1) -> None:
        if len(secret) < 16:
            raise ValueError("e码密钥至少16字节 / the e-code secret needs at least 16 bytes")
        self._secret = secret
        self.epoch = epoch

    @classmethod
    def from_settings(cls) -> PlateSigner:
        return cls(load_secret(), config.ECODE_EPOCH.get())

    def sign(self, code: str) -> str:
        mac = hmac.new(self._secret, f"jingwang-ecode|{self.epoch}|{code}".encode(), hashlib.sha256)
        return mac.hexdigest()[:SIGNATURE_HEX]

    def valid(self, code: str, signature: object) -> bool:
        return isinstance(signature, str) and hmac.compare_digest(self.sign(code), signature.lower())

    def url(self, base: str, code: str) -> str:
        """The URL a plate's QR code holds."""
        return f"{base.rstrip('/')}/e/{quote(code, safe='')}?s={self.sign(code)}"

    def tag(self, kind: str, value: str) -> str:
        """A keyed hash of a sender's token or address ("" for nothing): what the log keeps to block abuse."""
        if not value:
            return ""
        return hmac.new(self._secret, f"{kind}|{value}".encode(), hashlib.sha256).hexdigest()[:SIGNATURE_HEX]


def load_secret(folder: Path | None = None) -> bytes:
    """``JINGWANG_ECODE_SECRET``, else the secret file in the data folder (created once, readable by its owner)."""
    configured = config.ECODE_SECRET.get()
    if configured:
        return configured.encode()
    path = (folder or config.data_dir()) / SECRET_FILE
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip().encode()


def base_url(base: str | None = None) -> str:
    """The public base URL plates point at: ``base``, the setting, else the relay host and port + 1."""
    return (base or config.ECODE_BASE_URL.get()
            or f"http://{config.RELAY_HOST.get()}:{config.RELAY_PORT.get() + 1}").rstrip("/")
