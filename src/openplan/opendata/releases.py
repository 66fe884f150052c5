"""Release history, as the Open Contracting Data Standard keeps it: each release is a full
snapshot; a record compiles them (later values win, objects merged field by field, lists
replaced whole) and keeps each field's versions (the value each time it changed)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from openplan.opendata.models import Release


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """OCDS merging: ``update``'s fields replace ``base``'s; objects merge recursively."""
    result = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def compile_releases(snapshots: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The compiled state of releases taken in order (None when there are none)."""
    compiled: dict[str, Any] | None = None
    for snapshot in snapshots:
        compiled = snapshot if compiled is None else merge(compiled, snapshot)
    return compiled


def versioned(releases: Iterable[Release]) -> dict[str, list[dict[str, Any]]]:
    """For each field of the snapshots, its value in the first release and each time it
    changed after, with the release that changed it."""
    history: dict[str, list[dict[str, Any]]] = {}
    for release in releases:
        for field, value in release.snapshot.items():
            versions = history.setdefault(field, [])
            if not versions or versions[-1]["value"] != value:
                versions.append(
                    {
                        "release_id": release.release_id,
                        "date": release.date,
                        "tag": release.tag,
                        "value": value,
                    }
                )
    return history
