"""Password hashing with scrypt (OpenSSL via hashlib): ``scrypt$n$r$p$salt$hash``."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

N, R, P = 2**14, 8, 1
DKLEN = 32


def hash_password(password: str) -> str:
    """A salted scrypt hash suitable for storing."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return "$".join(["scrypt", str(N), str(R), str(P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; constant-time comparison."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
    )
    return hmac.compare_digest(actual, expected)


def check_login(password: str, stored: str | None) -> bool:
    """Verify ``password`` against ``stored``; with no account (None) verify against a dummy hash and
    answer False, so an unknown user name costs the same work as a known one."""
    if stored is None:
        verify_password(password, _dummy_hash())
        return False
    return verify_password(password, stored)


@functools.cache
def _dummy_hash() -> str:
    return hash_password(base64.b64encode(os.urandom(12)).decode())


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
