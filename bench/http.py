"""HTTP throughput of OpenPlan's list, detail and search pages, relative to a trivial page.

    .venv/bin/python bench/http.py --db both          # SQLite, then PostgreSQL
    .venv/bin/python bench/http.py --db sqlite --reuse --duration 5

For each database: a fresh database (``--reuse`` keeps one that has data), ``migrate``,
``collectstatic``, ``bench/generate.py``, then ``openplan serve`` (gunicorn, 2 workers,
production settings) on a free port, and ``wrk`` against each page after a warm-up.
Prints a table and replaces this database's section of docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named http.py: keep its folder off the path so ``import http`` is the stdlib's.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.append(str(HERE))  # after the standard library: for bench/machine.py

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from machine import machine_facts, replace_section  # noqa: E402  # type: ignore[import-not-found]

ROOT = HERE.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
OPENPLAN = str(Path(sys.executable).parent / "openplan")
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "openplan_bench"
HEADERS = {"X-Forwarded-Proto": "https"}  # as behind the TLS proxy production settings expect
# Any cookie but the language one keeps a request away from the page cache: the page is
# rendered for it, as for a signed-in person (without the session lookup).
RENDERED = {"Cookie": "openplan_bench=rendered"}
SEARCH_QUERIES = [
    "educacion",  # accent-insensitive: the texts say "educación"
    "données publiques",
    "participación ciudadana",
    "citta",
    "pārvalde",
    "open government",
    "transparency",
    "integrita",
    # narrower: 500 to 600 matches each, so ranked (bm25 / ts_rank) rather than newest first
    "Valmiera iepirkumi",
    "Rēzekne vēlēšanas korupcija",
]


@dataclass
class Page:
    name: str
    paths: list[str]
    min_rps: float | None = None
    max_p95_ms: float | None = None
    max_p99_ms: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)

    def target(self) -> str:
        parts = []
        if self.min_rps:
            parts.append(f"≥ {self.min_rps:.0f} req/s")
        if self.max_p95_ms:
            parts.append(f"p95 ≤ {self.max_p95_ms:.0f} ms")
        if self.max_p99_ms:
            parts.append(f"p99 ≤ {self.max_p99_ms:.0f} ms")
        return ", ".join(parts) or "—"

    def met(self) -> str:
        r = self.result
        if "unavailable" in r or self.target() == "—":
            return "—"
        ok = not r["errors"]
        ok &= not self.min_rps or r["rps"] >= self.min_rps
        ok &= not self.max_p95_ms or r["p95"] <= self.max_p95_ms
        ok &= not self.max_p99_ms or r["p99"] <= self.max_p99_ms
        return "yes" if ok else "**no**"


def pages(sample: dict[str, Any]) -> list[Page]:
    identifiers = [f"/commitments/{i}/" for i in sample["identifiers"]]
    quoted = [urllib.parse.quote(q) for q in SEARCH_QUERIES]
    return [
        Page("trivial `/health/`", ["/health/"]),
        Page("commitment list, 40 items (visitor: page cache)", ["/commitments/"],
             min_rps=400, max_p99_ms=50),
        Page("commitment list, 40 items (rendered each time)", ["/commitments/"],
             min_rps=400, max_p99_ms=50, headers=RENDERED),
        Page("commitment list, page 100 (rendered)", ["/commitments/?page=100"],
             headers=RENDERED),
        Page("commitment list, one member (rendered)",
             [f"/commitments/?member={sample['member']}"], headers=RENDERED),
        Page("commitment detail, rotating (rendered)", identifiers, headers=RENDERED),
        Page("search `/search/?q=` (rendered)", [f"/search/?q={q}" for q in quoted],
             max_p95_ms=50, headers=RENDERED),
        Page("list search `/commitments/?q=` (rendered)",
             [f"/commitments/?q={q}" for q in quoted], max_p95_ms=50, headers=RENDERED),
    ]  # fmt: skip


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (Debian package) ...")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "wrk"], check=True, env=env)
    return shutil.which("wrk") or "wrk"


def environment(db: str) -> dict[str, str]:
    """Production settings (DEBUG off, secrets given) on the benchmark's own database."""
    url = f"{PG_SERVER}/{PG_NAME}" if db == "postgres" else f"sqlite:///{VAR / 'bench.sqlite3'}"
    return {
        **os.environ,
        "OPENPLAN_ENV": "production",
        "SECRET_KEY": secrets.token_hex(40),
        "OPENPLAN_RECORD_SIGNING_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "dummy://",
        "OPENPLAN_VAR_DIR": str(VAR),
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
    }


def pg_execute(sql: str, database: str = "postgres") -> list[tuple[Any, ...]]:
    import psycopg

    url = f"{PG_SERVER}/{database}".replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def drop_database(db: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{VAR / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        pg_execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        pg_execute(f"CREATE DATABASE {PG_NAME}")


def run(argv: list[str], env: dict[str, str], capture: bool = False) -> str:
    stdout = subprocess.PIPE if capture else None  # errors reach the terminal
    done = subprocess.run(argv, env=env, check=True, text=True, stdout=stdout, cwd=ROOT)
    return done.stdout if capture else ""


def describe(env: dict[str, str]) -> dict[str, Any]:
    return json.loads(run([PYTHON, str(HERE / "generate.py"), "--describe"], env, capture=True))


def prepare(db: str, env: dict[str, str], reuse: bool) -> tuple[dict[str, Any], float | None]:
    """The database ready to serve, its samples, and the generation time (None if reused)."""
    VAR.mkdir(parents=True, exist_ok=True)
    exists = db != "postgres" or pg_execute(
        f"SELECT 1 FROM pg_database WHERE datname = '{PG_NAME}'"
    )
    if not (reuse and exists):
        drop_database(db)
    run([OPENPLAN, "migrate", "--noinput", "-v", "0"], env)
    run([OPENPLAN, "collectstatic", "--noinput", "-v", "0"], env)
    sample = describe(env)
    seconds = None
    if not sample["counts"]["Commitment"]:
        print(f"Generating the dataset on {db} ...")
        started = time.perf_counter()
        run([PYTHON, str(HERE / "generate.py")], env)
        seconds = time.perf_counter() - started
        sample = describe(env)
    return sample, seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> int:
    request = urllib.request.Request(url, headers=HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def workers_text(workers: int, threads: int) -> str:
    """How the server ran: "2 sync workers" or "2 workers × 4 threads"."""
    return f"{workers} sync workers" if threads <= 1 else f"{workers} workers × {threads} threads"


def serve(
    env: dict[str, str], port: int, workers: int, log: Path, threads: int = 1
) -> subprocess.Popen[bytes]:
    argv = [OPENPLAN, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    argv += ["--threads", str(threads)]
    output = log.open("wb")
    server = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/health/") == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.3)
    stop(server)
    raise SystemExit(f"The server did not start; see {log}")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wrk(base: str, page: Page, args: argparse.Namespace, seconds: float) -> dict[str, Any]:
    paths = page.paths
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        argv = [args.wrk, "-t", str(args.wrk_threads), "-c", str(args.connections)]
        argv += ["-d", f"{max(1, round(seconds))}s", "--timeout", "10s"]
        argv += ["-s", str(HERE / "wrk.lua")]
        argv += [f"-H{name}: {value}" for name, value in {**HEADERS, **page.headers}.items()]
        output = subprocess.run(
            [*argv, base, "--", listing.name], check=True, text=True, capture_output=True
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    raw = json.loads(line[5:])
    if not raw["requests"]:
        return {"unavailable": f"no answer within {seconds:g} s"}
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "requests": raw["requests"],
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": sum(raw["errors"].values()),
        "kb": raw["bytes"] / max(raw["requests"], 1) / 1024,
    }


def measure(base: str, page: Page, args: argparse.Namespace) -> None:
    status = get(base + page.paths[0])
    if status != 200:
        page.result = {"unavailable": "not available" if status == 404 else f"HTTP {status}"}
        print(f"  {page.name}: {page.result['unavailable']}")
        return
    wrk(base, page, args, args.warmup)
    page.result = r = wrk(base, page, args, args.duration)
    if "unavailable" in r:
        print(f"  {page.name}: {r['unavailable']}")
        return
    print(f"  {page.name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms")


def table(results: list[Page]) -> str:
    trivial = results[0].result.get("rps") or 1
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | ratio to trivial | KiB | errors | target "
        "| met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for page in results:
        r = page.result
        if "unavailable" in r:
            lines.append(f"| {page.name} | {r['unavailable']} ||||||| {page.target()} | — |")
            continue
        lines.append(
            f"| {page.name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {r['rps'] / trivial:.2f} | {r['kb']:.1f} | {r['errors']} | {page.target()} "
            f"| {page.met()} |"
        )
    return "\n".join(lines)


def report(db: str, results: list[Page], sample: dict[str, Any], generation: float | None,
           args: argparse.Namespace, load: tuple[float, float]) -> str:  # fmt: skip
    counts = ", ".join(f"{n:,} {model}" for model, n in sample["counts"].items())
    made = f"generated in {generation:.0f} s" if generation else "reused (`--reuse`)"
    facts = machine_facts(db, pg_execute if db == "postgres" else None, args.wrk)
    command = shlex.join([".venv/bin/python", "bench/http.py", *sys.argv[1:]])
    return "\n".join([
        f"## HTTP throughput on {'PostgreSQL' if db == 'postgres' else 'SQLite'} (bench/http.py)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{command}`.",
        "",
        f"- Machine: {facts}; 1-minute load average {load[0]:.1f} before the pages' runs, "
        f"{load[1]:.1f} after (wrk, the server and any other program on the machine count).",
        f"- Data: {counts}; {made}.",
        f"- Server: `openplan serve` (gunicorn, {workers_text(args.workers, args.threads)}), "
        "OPENPLAN_ENV="
        "production (DEBUG off), wrk and the database server on the same machine.",
        f"- Load: wrk, {args.wrk_threads} thread(s), {args.connections} connections, "
        f"{args.warmup:g} s warm-up then {args.duration:g} s per page; the detail and search rows "
        "rotate over many URLs. Ratio = the page's req/s ÷ the trivial page's.",
        "",
        table(results),
        "",
    ])  # fmt: skip


def bench(db: str, args: argparse.Namespace) -> str:
    print(f"== {db} ==")
    env = environment(db)
    sample, generation = prepare(db, env, args.reuse)
    port = free_port()
    server = serve(env, port, args.workers, VAR / f"gunicorn-{db}.log", args.threads)
    load_before = os.getloadavg()[0]
    try:
        results = pages(sample)
        for page in results:
            measure(f"http://127.0.0.1:{port}", page, args)
    finally:
        stop(server)
    load = (load_before, os.getloadavg()[0])
    return report(db, results, sample, generation, args, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reuse", action="store_true", help="keep a database that has data")
    parser.add_argument("--duration", type=float, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    args.wrk = ensure_wrk()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        section = bench(db, args)
        print(section)
        if not args.no_docs:
            replace_section(ROOT / "docs" / "benchmarks.md", f"bench/http.py {db}", section)


if __name__ == "__main__":
    main()
