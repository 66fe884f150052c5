"""Peak memory of the bulk-download build at two dataset sizes: flat if the exports stream.

    .venv/bin/python bench/export_memory.py                   # 10,000 and 100,000 commitments
    .venv/bin/python bench/export_memory.py --sizes 2000,20000 --no-docs   # a quick look

For each size it makes (or, with ``--reuse``, keeps) a SQLite database
``var/bench/export-<size>.sqlite3`` filled by ``bench/generate.py`` (``--commitments <size>``,
2.5 milestones and 2.5 progress updates per commitment, as the full dataset), then builds the
downloads in a fresh process (``--parallel``: the sizes at the same time) and reports the time,
the peak resident memory (``ru_maxrss``) and its growth over the resident memory just before
the build, and with ``--trace`` the peak of memory allocated by Python (``tracemalloc``, which
slows the build and adds its bookkeeping to the RSS). A line every 50,000 rows of a table goes
to ``var/bench/export-<size>.log``. Results go to docs/benchmarks.md (section
``bench/export_memory.py``) with the machine and the command.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # bench/http.py
ROOT = HERE.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
MIB = 1024 * 1024


def _rss_now() -> int:
    """Resident memory of this process now, in bytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def child(traced: bool) -> None:
    """Build the downloads in this process and print what it cost, as JSON; a line on stderr
    every 50,000 rows of a table and at each table's end."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openplan.settings")
    django.setup()
    from openplan.opendata.exports.build import exports_build
    from openplan.plans.models import Commitment

    Commitment.objects.exists()  # connect, load the models: part of the baseline
    before = _rss_now()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    last: dict[str, int] = {}

    def checkpoint(table: Any, count: int) -> None:
        ended = last.get(table.name) == count  # the build reports a table's end twice at most
        last[table.name] = count
        if count % 50_000 and count % 1000 == 0 and not ended:
            return
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(
            f"{time.perf_counter() - start:.0f} s {table.name} {count} rows: max RSS "
            f"{rss / MIB:.1f} MiB, traced peak {peak / MIB:.1f} MiB",
            file=sys.stderr,
            flush=True,
        )

    built = exports_build(checkpoint)
    result: dict[str, Any] = {
        "seconds": time.perf_counter() - start,
        "rss_before": before,
        "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "rows": built.rows,
        "files": {entry.name: entry.size for entry in built.manifest.files},
        "traced_peak": tracemalloc.get_traced_memory()[1] if traced else None,
    }
    print(json.dumps(result))


def environment(size: int) -> dict[str, str]:
    return {
        **os.environ,
        "OPENPLAN_ENV": "development",
        "DEBUG": "0",  # DEBUG would keep every query in memory
        "DATABASE_URL": f"sqlite:///{VAR / f'export-{size}.sqlite3'}",
        "OPENPLAN_EXPORTS_DIR": str(VAR / f"exports-{size}"),
        "OPENPLAN_EXPORTS_ON_CHANGE": "0",
    }


def prepare(size: int, reuse: bool) -> float | None:
    """A database with ``size`` commitments; returns the generation's seconds (None: reused)."""
    database = VAR / f"export-{size}.sqlite3"
    if reuse and database.exists():
        return None
    database.unlink(missing_ok=True)
    env = environment(size)
    subprocess.run([PYTHON, "-m", "openplan", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    start = time.perf_counter()
    counts = [f"--commitments={size}", f"--milestones={size * 5 // 2}",
              f"--updates={size * 5 // 2}"]  # fmt: skip
    subprocess.run([PYTHON, str(HERE / "generate.py"), *counts], env=env, check=True, cwd=ROOT)
    return time.perf_counter() - start


def start(size: int, traced: bool) -> subprocess.Popen[str]:
    """The build in a fresh process; its checkpoints go to var/bench/export-<size>.log."""
    argv = [PYTHON, str(Path(__file__).resolve()), "--child"] + (["--trace"] if traced else [])
    log = (VAR / f"export-{size}.log").open("w")
    return subprocess.Popen(
        argv, env=environment(size), cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True
    )


def finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, _err = process.communicate()
    if process.returncode:
        raise SystemExit(f"the build failed ({process.returncode}): see var/bench/export-*.log")
    return json.loads(out.strip().splitlines()[-1])


def report(results: dict[int, dict[str, Any]], command: str, parallel: bool) -> str:
    sys.path.insert(0, str(HERE))
    import platform
    import sqlite3
    from importlib.metadata import version

    from machine import _cpu_model, _os, _ram  # type: ignore[import-not-found]

    facts = ", ".join([
        _cpu_model(), f"{os.cpu_count()} cores", _ram(), _os(),
        f"Python {platform.python_version()}", f"Django {version('django')}",
        f"XlsxWriter {version('xlsxwriter')}", f"SQLite {sqlite3.sqlite_version}",
        f"1-minute load average {os.getloadavg()[0]:.1f} at the end",
    ])  # fmt: skip
    lines = [
        "## Peak memory of the bulk downloads (bench/export_memory.py)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{command}`.",
        "",
        f"- Machine: {facts}.",
        "- What: `exports_build()` (CSV tables in a ZIP, JSON Lines, XLSX, written in one pass) "
        "on SQLite, each size in a fresh process; RSS = the process's peak resident memory "
        "(`ru_maxrss`) and its growth over the resident memory just before the build; "
        "Python peak = tracemalloc's peak during the build (with `--trace`, which also slows "
        "the build and adds its bookkeeping to the RSS; — without). Time on a shared machine"
        + (", the sizes built at the same time (`--parallel`)" if parallel else "")
        + ".",
        "",
        "| commitments | rows written | time s | RSS before MiB | peak RSS MiB | RSS growth MiB"
        " | Python peak MiB | CSV zip MiB | JSONL MiB | XLSX MiB |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for size, r in results.items():
        peak = "—" if r["traced_peak"] is None else f"{r['traced_peak'] / MIB:.1f}"
        cells = [
            f"{size:,}", f"{sum(r['rows'].values()):,}", f"{r['seconds']:.0f}",
            f"{r['rss_before'] / MIB:.0f}", f"{r['max_rss'] / MIB:.0f}",
            f"{(r['max_rss'] - r['rss_before']) / MIB:.0f}", peak,
            *(f"{file_size / MIB:.1f}" for file_size in r["files"].values()),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="commitments, comma-separated")
    parser.add_argument("--reuse", action="store_true", help="keep existing databases")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--trace", action="store_true", help="also tracemalloc (slower)")
    parser.add_argument("--parallel", action="store_true", help="build the sizes at once")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.trace)
        return
    VAR.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        generated = prepare(size, args.reuse)
        if generated is not None:
            print(f"{size:,} commitments generated in {generated:.0f} s")
    results: dict[int, dict[str, Any]] = {}
    if args.parallel:
        running = {size: start(size, args.trace) for size in sizes}
        results = {size: finish(process) for size, process in running.items()}
    else:
        results = {size: finish(start(size, args.trace)) for size in sizes}
    for size, result in results.items():
        print(f"{size:,} commitments: {json.dumps(result)}")
    command = " ".join([".venv/bin/python bench/export_memory.py", *sys.argv[1:]])
    text = report(results, command, args.parallel)
    print(text)
    if not args.no_docs:
        from machine import replace_section  # type: ignore[import-not-found]

        replace_section(ROOT / "docs" / "benchmarks.md", "bench/export_memory.py", text)


if __name__ == "__main__":
    main()
