"""Backups of the whole database, online: SQLite's backup API, or ``pg_dump``/``pg_restore``
(custom format) for PostgreSQL. Each backup gets a ``.sha256`` file beside it; a restore checks
it first and refuses a file that does not match."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path
from typing import Any

from django.db import connection, connections


class BackupError(Exception):
    pass


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` (and ``target.sha256``)."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be taken inside a transaction")
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"])
    else:
        raise BackupError(f"No backup for the {connection.vendor} database")
    Path(f"{target}.sha256").write_text(f"{checksum(target)}  {target.name}\n")
    return target


def restore(source: Path) -> None:
    """Replace the database's content with the backup ``source`` (checked against its
    ``.sha256`` file when there is one)."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    sidecar = Path(f"{source}.sha256")
    if sidecar.exists() and sidecar.read_text().split()[0] != checksum(source):
        raise BackupError(f"{source} does not match {sidecar.name}: it is damaged or altered")
    if connection.vendor == "sqlite":
        _restore_sqlite(source)
    elif connection.vendor == "postgresql":
        connections.close_all()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              str(source)], database_flag=True)  # fmt: skip
    else:
        raise BackupError(f"No restore for the {connection.vendor} database")


def _restore_sqlite(source: Path) -> None:
    with sqlite3.connect(source) as backup_db:
        if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is not a sound SQLite database")
        connection.ensure_connection()
        backup_db.backup(connection.connection)
    backup_db.close()


def _run(command: list[str], database_flag: bool = False) -> None:
    """Run a PostgreSQL client tool against the configured database."""
    settings: dict[str, Any] = connection.settings_dict
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    target = [
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or 'postgres'}",
    ]
    name = str(settings["NAME"])
    args = [*command, *target, f"--dbname={name}"] if database_flag else [*command, *target, name]
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # nosec B603 # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")
