"""The Ed25519 key that signs checkpoints, and the checkpoint text it signs.

``OPENPLAN_RECORD_SIGNING_KEY`` holds the raw 32-byte private key, as 64 hex digits or as
base64. Production refuses to start without it (settings.py); elsewhere a development key is
derived from SECRET_KEY, so it stays the same across restarts and is never a real secret.

The signed text follows the C2SP "tlog-checkpoint" layout: the origin line, the tree size,
the base64 root hash, then one extension line with the issue time, each ending in a newline.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def decode_key(value: str) -> bytes:
    """The 32 raw bytes of a key given as hex or base64; ValueError otherwise."""
    value = value.strip()
    try:
        raw = bytes.fromhex(value) if len(value) == 64 else base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise ValueError("the record signing key is neither hex nor base64") from exc
    if len(raw) != 32:
        raise ValueError("the record signing key must be 32 bytes (an Ed25519 private key)")
    return raw


def private_key() -> Ed25519PrivateKey:
    from django.conf import settings

    configured = settings.OPENPLAN_RECORD_SIGNING_KEY
    if configured:
        raw = decode_key(configured)
    else:  # development and tests only: settings.py requires the key in production
        raw = hashlib.sha256(b"openplan-record-dev-key:" + settings.SECRET_KEY.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_bytes(key: Ed25519PublicKey | None = None) -> bytes:
    key = key or private_key().public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: bytes) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public).hexdigest()[:16]


def origin() -> str:
    """The log's name in its checkpoints: the site's host and path, then ``/record``."""
    from django.conf import settings

    parts = urlsplit(settings.SITE_URL)
    return f"{parts.netloc}{parts.path.rstrip('/')}/record"


def checkpoint_text(origin: str, tree_size: int, root_hash: str, issued_at: dt.datetime) -> bytes:
    from openplan.core.record.hashing import timestamp

    root_b64 = base64.b64encode(bytes.fromhex(root_hash)).decode()
    return f"{origin}\n{tree_size}\n{root_b64}\ntime {timestamp(issued_at)}\n".encode()


def sign(message: bytes) -> tuple[str, str]:
    """The hex signature of ``message`` and the signing key's id."""
    key = private_key()
    return key.sign(message).hex(), key_id(public_key_bytes(key.public_key()))


def signature_valid(public: bytes, message: bytes, signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
