"""Write throughput through HTTP: supports of one proposal per second, and confirmed signatures
of one petition per second, and whether any was lost or counted twice.

    .venv/bin/python bench/writes.py --db both        # SQLite, then PostgreSQL
    .venv/bin/python bench/writes.py --db postgres --duration 5 --no-docs

For each database: a fresh database (``var/bench/writes.sqlite3`` or ``openplan_bench_writes``),
``migrate``, ``bench/writes_setup.py`` (a consultation open for supports, one proposal,
``--supporters`` participants each signed in), ``openplan serve`` (gunicorn, 2 sync workers
by default, production settings), then ``wrk`` POSTs to the proposal's support address,
each request as the next person:

1. *fresh*: people who have not supported yet, for ``--duration`` seconds. Every answered
   request should add exactly one row and one to the counter: *lost* = answered − new rows;
2. *again*: people who already support it, for ``--duration`` seconds. Nothing may be added:
   *duplicated* = rows added; the counter must still equal the rows (*drift*);
3. ``openplan reconcile-counters`` must find nothing to fix.

Then the same for petition signatures, with ``--signers`` signatures made by the setup as the
sign form makes them (no account, unconfirmed): each request POSTs the next signature's
confirmation link (``wrk_post.lua`` with the path "-": a file of paths), which is the write
that counts (``F()``; the petition's threshold is 100, so a run usually crosses it, once).
*fresh*: unconfirmed ones, *again*: confirmed ones (nothing may be added). Signing itself is
not measured: it stores an unconfirmed row and queues an email, is rate-limited per IP
address, and counts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # bench/http.py
sys.path.append(str(HERE))

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from machine import machine_facts, replace_section  # noqa: E402  # type: ignore[import-not-found]

_spec = importlib.util.spec_from_file_location("bench_http", HERE / "http.py")
assert _spec and _spec.loader
bench_http = importlib.util.module_from_spec(_spec)
sys.modules["bench_http"] = bench_http  # before running it: its dataclasses look it up
_spec.loader.exec_module(bench_http)

ROOT, VAR, PYTHON, OPENPLAN = (
    bench_http.ROOT,
    bench_http.VAR,
    bench_http.PYTHON,
    bench_http.OPENPLAN,
)
PG_NAME = "openplan_bench_writes"
WARMUP_PEOPLE = 2_000
TARGET = 500  # supports per second on PostgreSQL (issue 4)


def environment(db: str) -> dict[str, str]:
    env = bench_http.environment(db)
    env["DATABASE_URL"] = (
        f"{bench_http.PG_SERVER}/{PG_NAME}" if db == "postgres"
        else f"sqlite:///{VAR / 'writes.sqlite3'}"
    )  # fmt: skip
    return env


def fresh_database(db: str) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{VAR / 'writes.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        bench_http.pg_execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        bench_http.pg_execute(f"CREATE DATABASE {PG_NAME}")


def setup_script(env: dict[str, str], *args: str) -> dict[str, Any]:
    output = bench_http.run([PYTHON, str(HERE / "writes_setup.py"), *args], env, capture=True)
    return dict(json.loads(output))


def settled(env: dict[str, str], proposal: int, option: str = "--counts") -> dict[str, Any]:
    """The counts once requests still in the server when wrk stopped are done."""
    counts = setup_script(env, option, str(proposal))
    while True:
        time.sleep(1)
        again = setup_script(env, option, str(proposal))
        if again == counts:
            return counts
        counts = again


def wrk(
    base: str,
    path: str,
    keys: Path,
    people: tuple[int, int],
    seconds: float,
    args: argparse.Namespace,
) -> dict[str, Any]:
    argv = [args.wrk, "-t", "1", "-c", str(args.connections), "-d", f"{max(1, round(seconds))}s"]
    argv += ["--timeout", "10s", "-s", str(HERE / "wrk_post.lua")]
    referer = f"https://{base.split('//')[1]}/"
    argv += [base, "--", path, str(keys), str(people[0]), str(people[1]), referer]
    output = subprocess.run(argv, check=True, text=True, capture_output=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    raw = json.loads(line[5:])
    statuses = {int(code): n for code, n in raw["statuses"].items()}
    return {
        "requests": raw["requests"], "seconds": raw["duration_us"] / 1e6,
        "answered": sum(n for code, n in statuses.items() if 300 <= code < 400),
        "statuses": statuses, "p50": raw["p50_us"] / 1000, "p99": raw["p99_us"] / 1000,
        "socket_errors": sum(v for k, v in raw["errors"].items() if k != "status"),
    }  # fmt: skip


def phases(db: str, args: argparse.Namespace) -> dict[str, Any]:
    env = environment(db)
    fresh_database(db)
    bench_http.run([OPENPLAN, "migrate", "--noinput", "-v", "0"], env)
    keys, paths = VAR / f"writes-{db}-sessions.txt", VAR / f"writes-{db}-confirm-paths.txt"
    made = setup_script(env, "--supporters", str(args.supporters), "--keys", str(keys),
                        "--signers", str(args.signers), "--paths", str(paths))  # fmt: skip
    people = int(made["sessions"]) - WARMUP_PEOPLE
    port = bench_http.free_port()
    log_file = VAR / f"gunicorn-writes-{db}.log"
    server = bench_http.serve(env, port, args.workers, log_file, args.threads)
    base = f"http://127.0.0.1:{port}"
    try:
        wrk(base, made["path"], keys, (people + 1, people + WARMUP_PEOPLE), 2, args)  # warm-up
        before = settled(env, made["proposal"])
        fresh = wrk(base, made["path"], keys, (1, people), args.duration, args)
        middle = settled(env, made["proposal"])
        supporting = VAR / f"writes-{db}-supporting.txt"
        found = setup_script(env, "--supporting", str(made["proposal"]), "--keys", str(keys),
                             "--out", str(supporting))  # fmt: skip
        again = wrk(base, made["path"], supporting, (1, found["sessions"]), args.duration, args)
        after = settled(env, made["proposal"])
        signatures = signature_phases(db, env, base, made, paths, args)
    finally:
        bench_http.stop(server)
    log = (VAR / f"gunicorn-writes-{db}.log").read_text(errors="replace")
    reconcile = bench_http.run([OPENPLAN, "reconcile-counters"], env, capture=True).strip()
    added = middle["rows"] - before["rows"]
    return {
        "db": db, "fresh": fresh, "again": again, "added": added,
        "rate": added / fresh["seconds"], "wrapped": fresh["answered"] > people,
        "lost": max(0, fresh["answered"] - added),  # answered, yet no row: refused or failed
        "unanswered_but_counted": max(0, added - fresh["answered"]),
        "duplicated": after["rows"] - middle["rows"],
        "drift": after["counter"] - after["rows"], "twice": after["people_counted_twice"],
        "reconcile": reconcile, "rows": after["rows"],
        "server_errors": log.count('"level": "ERROR"'), "signatures": signatures,
    }  # fmt: skip


def signature_phases(
    db: str, env: dict[str, str], base: str, made: dict[str, Any], paths: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:  # fmt: skip
    """Confirmations of a petition's signatures: warm-up, *fresh*, *again* (as for supports)."""
    petition, option = made["petition"], "--petition-counts"
    signers = int(made["signatures"]) - WARMUP_PEOPLE
    wrk(base, "-", paths, (signers + 1, signers + WARMUP_PEOPLE), 2, args)  # warm-up
    before = settled(env, petition, option)
    fresh = wrk(base, "-", paths, (1, signers), args.duration, args)
    middle = settled(env, petition, option)
    confirmed = VAR / f"writes-{db}-confirmed-paths.txt"
    found = setup_script(env, "--confirmed", str(petition), "--paths", str(paths),
                         "--out", str(confirmed))  # fmt: skip
    again = wrk(base, "-", confirmed, (1, found["sessions"]), args.duration, args)
    after = settled(env, petition, option)
    added = middle["rows"] - before["rows"]
    return {
        "fresh": fresh, "again": again, "added": added, "rate": added / fresh["seconds"],
        "wrapped": fresh["answered"] > signers, "lost": max(0, fresh["answered"] - added),
        "duplicated": after["counter"] - middle["counter"],
        "drift": after["counter"] - after["rows"], "twice": after["people_counted_twice"],
        "reached": "yes" if after["threshold_reached"] else "no",
    }  # fmt: skip


def report(
    results: list[dict[str, Any]], args: argparse.Namespace, load: tuple[float, float]
) -> str:
    command = "bench/writes.py " + shlex.join(sys.argv[1:])
    facts = machine_facts("sqlite", None, args.wrk)
    rows = []
    for r in results:
        name = "PostgreSQL" if r["db"] == "postgres" else "SQLite"
        exact = not (r["lost"] or r["duplicated"] or r["drift"] or r["twice"])
        met = (
            "—" if r["db"] != "postgres" else ("yes" if r["rate"] >= TARGET and exact else "**no**")
        )
        rows.append(
            f"| {name} | {r['rate']:.0f} | {r['fresh']['p50']:.1f} | {r['fresh']['p99']:.1f} "
            f"| {r['fresh']['answered']} | {r['added']} | {r['lost']} | {r['again']['answered']} "
            f"| {r['duplicated']} | {r['drift']} | {r['twice']} | {r['server_errors']} "
            f"| {r['reconcile']} | {met} |"
        )
    return "\n".join([
        "## Supports and confirmed signatures per second through HTTP (bench/writes.py)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
        f"`.venv/bin/python {command}`.",
        "",
        f"- Machine: {facts.split(', SQLite')[0]}; PostgreSQL on the same machine; 1-minute "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after.",
        f"- Server: `openplan serve` (gunicorn, "
        f"{bench_http.workers_text(args.workers, args.threads)}, production settings); wrk, "
        f"1 thread, {args.connections} connections, {args.duration:g} s per phase; "
        f"{args.supporters:,} signed-in participants, each request the next person.",
        "- *fresh*: people who do not support yet (each answered request must add one row); "
        "*again*: people who already do (nothing may be added). Lost = answered − rows added "
        "(an answer without a stored support: refused or failed; rows of requests still in "
        "the server when wrk stopped count against it); "
        "duplicated = rows added by *again*; drift = counter − rows at the end; twice = people "
        "with two rows; reconcile = what `openplan reconcile-counters` reported.",
        "- Target (issue 4): ≥ 500 supports per second on PostgreSQL, none lost or duplicated.",
        "",
        "| database | supports/s | p50 ms | p99 ms | answered | rows added | lost | again: "
        "answered | duplicated | drift | twice | server errors | reconcile | target met |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
        *rows,
        "",
        *signature_report(results, args),
    ])  # fmt: skip


def signature_report(results: list[dict[str, Any]], args: argparse.Namespace) -> list[str]:
    rows = []
    for r in results:
        name = "PostgreSQL" if r["db"] == "postgres" else "SQLite"
        s = r["signatures"]
        rows.append(
            f"| {name} | {s['rate']:.0f} | {s['fresh']['p50']:.1f} | {s['fresh']['p99']:.1f} "
            f"| {s['fresh']['answered']} | {s['added']} | {s['lost']} | {s['again']['answered']} "
            f"| {s['duplicated']} | {s['drift']} | {s['twice']} | {s['reached']} |"
        )
    return [
        "Confirmed petition signatures per second, the same server and run: "
        f"{args.signers:,} signatures made as the sign form makes them (no account, not "
        "confirmed); each request POSTs the next one's confirmation link (the write that "
        "counts; threshold reached = whether the confirmations, warm-up included, crossed the "
        "petition's threshold of 100, which marks its deadline once). "
        "Lost = answered − signatures confirmed; duplicated = counter increase from *again* "
        "(confirmed links posted again); drift = counter − confirmed rows; twice = addresses "
        "with two rows.",
        "",
        "| database | confirmed/s | p50 ms | p99 ms | answered | confirmed | lost | again: "
        "answered | duplicated | drift | twice | threshold reached |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        *rows,
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10, help="seconds per phase")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: sync)")
    parser.add_argument("--supporters", type=int, default=30_000)
    parser.add_argument("--signers", type=int, default=30_000, help="signatures to confirm")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    args.wrk = bench_http.ensure_wrk()
    load_before = os.getloadavg()[0]
    results = [
        phases(db, args) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])
    ]
    for r in results:
        if r["wrapped"]:
            print(f"{r['db']}: more answers than people: raise --supporters", file=sys.stderr)
        if r["signatures"]["wrapped"]:
            print(f"{r['db']}: more answers than signatures: raise --signers", file=sys.stderr)
    section = report(results, args, (load_before, os.getloadavg()[0]))
    print(section)
    if not args.no_docs:
        replace_section(ROOT / "docs" / "benchmarks.md", "bench/writes.py", section)


if __name__ == "__main__":
    main()
