"""What the benchmarks ran on, and how they write their section of docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import subprocess
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

HEADER = """# Benchmarks

Each section below is written by the script it names (see bench/README.md); running a script
again replaces its own section and leaves the others. Notes outside the sections are by hand.
"""


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _ram() -> str:
    match = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return f"{int(match.group(1)) / 1024**2:.1f} GiB RAM" if match else "unknown RAM"


def _os() -> str:
    release = Path("/etc/os-release")
    if release.exists():
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)', release.read_text(), re.M)
        if match:
            return f"{match.group(1)} (Linux {platform.release()})"
    return platform.platform()


def _wrk(wrk: str) -> str:
    output = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout
    return output.split("[")[0].strip() or "wrk"


def machine_facts(db: str, pg_execute: Callable[[str], Any] | None, wrk: str) -> str:
    database = f"SQLite {sqlite3.sqlite_version}"
    if pg_execute is not None:
        database = f"PostgreSQL {pg_execute('SHOW server_version')[0][0]}"
    return ", ".join([
        _cpu_model(), f"{os.cpu_count()} cores", _ram(), _os(),
        f"Python {platform.python_version()}", f"Django {version('django')}",
        f"gunicorn {version('gunicorn')}", database, _wrk(wrk),
    ])  # fmt: skip


def replace_section(path: Path, key: str, text: str) -> None:
    """Put ``text`` between this key's markers in ``path``, replacing what was there."""
    begin, end = f"<!-- begin {key} -->", f"<!-- end {key} -->"
    block = f"{begin}\n{text.strip()}\n{end}"
    current = path.read_text() if path.exists() else HEADER
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(current)
