"""What is hashed, byte for byte. Anyone re-implements this to check the record (docs/record.md).

- canonical JSON: ``json.dumps(value, sort_keys=True, separators=(",", ":"),
  ensure_ascii=False)`` encoded as UTF-8;
- ``state_hash``: hex SHA-256 of the canonical JSON of the new public state;
- leaf data: the canonical JSON of the entry's own fields (``LEAF_FIELDS``, times in UTC as
  ``YYYY-MM-DDTHH:MM:SS.ffffffZ``, plus ``"v": 1``); ``leaf_hash`` is its RFC 6962 leaf hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from openplan.core import merkle

FORMAT_VERSION = 1
LEAF_FIELDS = (
    "sequence", "recorded_at", "kind", "object_uri", "organisation", "role", "official_name",
    "state_hash",
)  # fmt: skip


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def state_hash(state: Any) -> str:
    return hashlib.sha256(canonical_json(state)).hexdigest()


def timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def leaf_data(fields: dict[str, Any]) -> bytes:
    """The bytes of an entry's leaf: its fields as canonical JSON."""
    data = {name: fields[name] for name in LEAF_FIELDS}
    data["recorded_at"] = timestamp(data["recorded_at"])
    data["v"] = FORMAT_VERSION
    return canonical_json(data)


def entry_leaf_hash(fields: dict[str, Any]) -> str:
    return merkle.leaf_hash(leaf_data(fields)).hex()
