"""Building the bulk downloads into the exports directory, atomically.

Each file is written under a temporary name in the same directory, its SHA-256 and size
computed, and only once all of them are complete are they renamed over the previous ones
(``os.replace``: a reader sees the old file or the new one, never half of one), the manifest
last. A build that fails removes its temporary files and leaves the previous downloads and
manifest as they were. One build at a time (an exclusive lock on ``.lock``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from openplan.opendata.exports.files import FILES, Manifest, exports_dir
from openplan.opendata.exports.tables import TABLES, Table
from openplan.opendata.exports.writers import CsvZipWriter, JsonLinesWriter, Writer, XlsxWriter

WRITERS: dict[str, Callable[[Path], Writer]] = {
    "csv": CsvZipWriter,
    "jsonl": JsonLinesWriter,
    "xlsx": XlsxWriter,
}
Progress = Callable[[Table, int], None]  # a table, and how many of its rows are written


@dataclass(frozen=True)
class Built:
    manifest: Manifest
    rows: dict[str, int]


def exports_build(progress: Progress | None = None) -> Built:
    """Build every download now, replacing the previous ones only if all succeed."""
    directory = exports_dir()
    with _lock(directory), _temporary(directory) as temporary:
        rows = _write_all(temporary, progress)
        generated_at = timezone.now().replace(microsecond=0)
        entries = [
            FILES[key].entry(path, _sha256(path), generated_at) for key, path in temporary.items()
        ]
        for key, path in temporary.items():
            os.replace(path, directory / FILES[key].name)
        manifest = Manifest(generated_at=generated_at, files=entries, rows=rows)
        _write_atomically(directory / "manifest.json", manifest.to_json())
        _fsync_directory(directory)
    return Built(manifest=manifest, rows=rows)


def _write_all(paths: dict[str, Path], progress: Progress | None) -> dict[str, int]:
    """One pass over the tables, each row going to every writer; in one repeatable-read
    snapshot on PostgreSQL, so the tables agree with each other. (SQLite is not held in a
    transaction: the project's SQLite transactions take the write lock.)"""
    writers = [WRITERS[key](path) for key, path in paths.items()]
    counts: dict[str, int] = {}
    try:
        with _snapshot():
            for table in TABLES:
                counts[table.name] = _write_table(table, writers, progress)
    finally:
        for writer in writers:
            writer.close()
    return counts


def _write_table(table: Table, writers: list[Writer], progress: Progress | None) -> int:
    for writer in writers:
        writer.begin(table)
    count = 0
    for row in table.rows():
        for writer in writers:
            writer.row(row)
        count += 1
        if progress is not None and count % 1000 == 0:
            progress(table, count)
    for writer in writers:
        writer.end()
    if progress is not None:
        progress(table, count)
    return count


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield  # (inside a transaction already, a test's say: its snapshot is the one)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


@contextlib.contextmanager
def _lock(directory: Path) -> Iterator[None]:
    with (directory / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _temporary(directory: Path) -> Iterator[dict[str, Path]]:
    """A temporary path per download, removed on the way out unless renamed into place."""
    paths: dict[str, Path] = {}
    for key, spec in FILES.items():
        handle, name = tempfile.mkstemp(dir=directory, prefix=f".{spec.name}.", suffix=".tmp")
        os.fchmod(handle, 0o644)  # readable by a web server sending the file itself
        os.close(handle)
        paths[key] = Path(name)
    try:
        yield paths
    finally:
        for path in paths.values():
            path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(handle, 0o644)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
