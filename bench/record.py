"""The public record's costs: append per change, verification of 1,000,000 entries, proofs.

    .venv/bin/python bench/record.py                    # SQLite, var/bench/record.sqlite3
    .venv/bin/python bench/record.py --db postgres      # openplan_record_bench on BENCH_PG_SERVER
    .venv/bin/python bench/record.py --entries 100000 --no-docs   # a quick look

On a fresh database (dropped and migrated again) it measures:

1. the raw append: ``record_append`` alone, each in its own transaction, with a signed
   checkpoint every ``OPENPLAN_RECORD_CHECKPOINT_EVERY`` (100) entries as in production;
2. the append through a real service: ``commitment_update`` on a published commitment, with
   the record, then with ``record_append`` replaced by a no-op; the difference is what the
   record adds to one public change;
3. then fills the record to ``--entries`` (1,000,000) with valid entries written in bulk (leaf
   hashes computed as the service does, one signed checkpoint at the end), and times
   ``record_verify`` (every leaf hash, the sequence, the tree, every checkpoint);
4. computes the stored subtree hashes of the bulk-written entries (``record_rebuild_nodes``,
   as ``openplan record rebuild-nodes`` does), then
5. inclusion and consistency proofs at several tree sizes: hashes, bytes of the JSON the
   endpoints answer, the time the selector takes (the median of ``PROOF_CALLS`` calls on
   different entries) and the database queries it makes.

``--proofs-only`` skips the appends and the verification (steps 1, 2 and 3's verify): it
fills, rebuilds the nodes and measures the proofs, for a quick look at the proofs alone.

Results go to the "record-<db>" section of docs/benchmarks.md (``--no-docs``: printed only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# ``bench/http.py`` would shadow the standard library's ``http`` package: keep bench/ off the
# path, and load bench/machine.py by its file name.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _machine() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_machine", HERE / "machine.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


machine = _machine()

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "openplan_record_bench"
BATCH = 10_000


def prepare_database(db: str) -> str:
    """A fresh database for the run; its DATABASE_URL."""
    if db == "sqlite":
        path = ROOT / "var" / "bench" / "record.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_SERVER.replace("postgres://", "postgresql://") + "/postgres",
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return f"{PG_SERVER}/{PG_NAME}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("OPENPLAN_ENV", "development")
    os.environ["OPENPLAN_RECORD_SIGNING_KEY"] = secrets.token_hex(32)
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(calls: int, call: Callable[[int], Any]) -> list[float]:
    """Milliseconds of each of ``calls`` calls."""
    out = []
    for i in range(calls):
        start = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "mean": statistics.fmean(ordered),
        "p50": ordered[len(ordered) // 2],
        "p95": ordered[int(len(ordered) * 0.95)],
    }


def raw_append(count: int) -> dict[str, float]:
    from django.db import transaction

    from openplan.core.record.services import record_append

    def one(i: int) -> None:
        with transaction.atomic():
            record_append(kind="edit", object_uri=f"/commitments/B{i}/", organisation="Bench",
                          role="government", state={"title": f"t{i}", "n": i})  # fmt: skip

    return summary(timed(count, one))


def through_a_service(count: int) -> dict[str, dict[str, float]]:
    from openplan.accounts.models import Organisation, OrganisationType
    from openplan.plans import services
    from openplan.plans.models import ActionPlan, Commitment, Member
    from openplan.plans.services import record as plans_record

    government = Organisation.objects.create(
        name="Bench ministry", slug="bench-ministry", org_type=OrganisationType.GOVERNMENT
    )
    member = Member.objects.create(name="Benchland", slug="bench", code="BEN", level="national",
                                   government=government)  # fmt: skip
    plan = ActionPlan.objects.create(member=member, number=1, start_year=2025, end_year=2027)
    commitment = Commitment.objects.create(
        identifier="BEN0001", action_plan=plan, title="t", status="published",
        start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 12, 31),
    )  # fmt: skip

    original = plans_record.record_append

    def no_op(**kwargs: Any) -> Any:
        """What the callers read of the entry they get back (its kind), and nothing written."""
        return types.SimpleNamespace(kind=kwargs["kind"])

    with_record: list[float] = []
    without: list[float] = []

    def one(i: int) -> None:
        """Alternate: even calls with the record, odd ones with a no-op in its place, so that
        both halves see the same database size and the same machine load."""
        plans_record.record_append = original if i % 2 == 0 else no_op  # type: ignore[assignment]
        start = time.perf_counter()
        services.commitment_update(
            commitment=commitment, organisation=government,
            data={"title": f"Open budgets {i}", "problem": f"Problem {i} " * 20},
        )  # fmt: skip
        (with_record if i % 2 == 0 else without).append((time.perf_counter() - start) * 1000)

    try:
        for i in range(2 * count):
            one(i)
    finally:
        plans_record.record_append = original
    return {"with": summary(with_record), "without": summary(without)}


def fill(total: int) -> float:
    """Bulk-write valid entries up to ``total``, then sign one checkpoint; seconds taken."""
    from django.db import connection, transaction
    from django.utils import timezone

    from openplan.core.record.hashing import entry_leaf_hash, state_hash
    from openplan.core.record.models import RecordEntry
    from openplan.core.record.selectors import record_size
    from openplan.core.record.services import checkpoint_issue

    start = time.perf_counter()
    sequence = record_size()
    now = timezone.now()
    table = RecordEntry._meta.db_table
    columns = ["sequence", "recorded_at", "kind", "object_uri", "organisation", "role",
               "official_name", "state_hash", "leaf_hash"]  # fmt: skip
    insert = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    stored_time = RecordEntry._meta.get_field("recorded_at").get_db_prep_value(
        now, connection, prepared=False
    )
    while sequence < total:
        rows = []
        for n in range(sequence + 1, min(sequence + BATCH, total) + 1):
            fields = {
                "sequence": n, "recorded_at": now, "kind": "edit",
                "object_uri": f"/commitments/F{n % 100_000}/", "organisation": "Bench",
                "role": "government", "official_name": "", "state_hash": state_hash({"n": n}),
            }  # fmt: skip
            values = [stored_time if c == "recorded_at" else fields[c] for c in columns[:-1]]
            rows.append((*values, entry_leaf_hash(fields)))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)  # our own table and columns
        sequence = rows[-1][0]
        print(f"\r  filled {sequence:,} / {total:,}", end="", flush=True)
    print()
    checkpoint_issue()
    return time.perf_counter() - start


def rebuild_nodes() -> tuple[float, int]:
    """The stored subtree hashes of the bulk-written entries, as `openplan record
    rebuild-nodes` (and the data migration) compute them; seconds taken and nodes stored."""
    from openplan.core.record.services import record_rebuild_nodes

    start = time.perf_counter()
    stored = record_rebuild_nodes()
    return time.perf_counter() - start, stored


def verify() -> tuple[float, Any]:
    from openplan.core.record.verify import record_verify

    start = time.perf_counter()
    result = record_verify()
    return time.perf_counter() - start, result


PROOF_CALLS = 20


def proofs(sizes: list[int]) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openplan.core.record.selectors import record_consistency_proof, record_inclusion_proof

    rows = []
    for size in sizes:

        def inclusion(i: int, size: int = size) -> dict[str, Any]:
            return record_inclusion_proof(
                sequence=1 + (size // 3 + 7919 * i) % size, tree_size=size
            )

        def consistency(i: int, size: int = size) -> dict[str, Any]:
            return record_consistency_proof(first=max(1, size // 2 - 1 - i), second=size)

        connection.queries_log.clear()  # a full log (9,000 queries) would count none
        with CaptureQueriesContext(connection) as captured:
            one_inclusion = inclusion(0)
        inclusion_queries = len(captured)
        with CaptureQueriesContext(connection) as captured:
            one_consistency = consistency(0)
        consistency_queries = len(captured)
        rows.append({
            "size": size,
            "inclusion_hashes": len(one_inclusion["inclusion_path"]),
            "inclusion_bytes": len(json.dumps(one_inclusion, separators=(",", ":"))),
            "inclusion_ms": summary(timed(PROOF_CALLS, inclusion))["p50"],
            "inclusion_queries": inclusion_queries,
            "consistency_hashes": len(one_consistency["consistency_path"]),
            "consistency_bytes": len(json.dumps(one_consistency, separators=(",", ":"))),
            "consistency_ms": summary(timed(PROOF_CALLS, consistency))["p50"],
            "consistency_queries": consistency_queries,
        })  # fmt: skip
    return rows


def database_name(db: str) -> str:
    from django.db import connection

    if db == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def report(args: argparse.Namespace, r: dict[str, Any]) -> str:
    lines = [
        f"## Public record on {r['database']}",
        "",
        f"Run {r['when']} with `{r['command'].strip()}` on {r['machine']}; load average at the "
        f"start {r['load']} (the machine is shared: other processes ran meanwhile).",
        "",
    ]
    if "raw" in r:
        lines += _append_lines(args, r)
    lines.append(
        f"Filling the record to {r['entries']:,} entries in bulk took {r['fill_s']:.0f} s; "
        f"computing their {r['nodes']:,} stored subtree hashes (`openplan record rebuild-nodes`, "
        f"also what the migration does for an existing record) {r['rebuild_s']:.0f} s."
    )
    if "verify_s" in r:
        lines.append(
            f"`record_verify` over {r['entries']:,} entries, their stored subtree hashes and "
            f"{r['checkpoints']:,} checkpoints: **{r['verify_s']:.1f} s** "
            f"({r['entries'] / r['verify_s']:,.0f} entries/s)."
        )
    lines += [
        "",
        f"| tree size | inclusion proof: hashes | bytes | queries | ms (median of {PROOF_CALLS}) "
        "| consistency proof (size/2 → size): hashes | bytes | queries | ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in r["proofs"]:
        lines.append(
            f"| {p['size']:,} | {p['inclusion_hashes']} | {p['inclusion_bytes']:,} | "
            f"{p['inclusion_queries']} | {p['inclusion_ms']:.1f} | {p['consistency_hashes']} | "
            f"{p['consistency_bytes']:,} | {p['consistency_queries']} | "
            f"{p['consistency_ms']:.1f} |"
        )
    lines += [
        "",
        "Proof sizes grow with log2 of the tree size (32-byte hashes, hex in JSON). The "
        "selectors read the O(log n) stored subtree hashes and leaves a proof is made of, in "
        "three queries whatever the size (the record's size, the leaves, the stored nodes).",
    ]
    return "\n".join(lines)


def _append_lines(args: argparse.Namespace, r: dict[str, Any]) -> list[str]:
    raw, svc = r["raw"], r["service"]
    added = svc["with"]["mean"] - svc["without"]["mean"]
    return [
        "| append, per change | mean ms | p50 ms | p95 ms |",
        "|---|---|---|---|",
        f"| raw `record_append` in its own transaction ({args.appends} calls) | "
        f"{raw['mean']:.2f} | {raw['p50']:.2f} | {raw['p95']:.2f} |",
        f"| `commitment_update` of a published commitment, with the record ({args.updates}, "
        "alternating with the next row) | "
        f"{svc['with']['mean']:.2f} | {svc['with']['p50']:.2f} | {svc['with']['p95']:.2f} |",
        f"| the same, `record_append` replaced by a no-op ({args.updates}) | "
        f"{svc['without']['mean']:.2f} | {svc['without']['p50']:.2f} | "
        f"{svc['without']['p95']:.2f} |",
        "",
        f"The record adds {added:.2f} ms to the mean public change through the service "
        f"({100 * added / svc['without']['mean']:.0f} %), storing the subtree hashes each "
        "entry completes included. Checkpoints are signed every 100 entries, inside the append "
        "that reaches the count.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=500)
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--proofs-only", action="store_true", help="fill, then proofs only")
    args = parser.parse_args()
    setup_django(prepare_database(args.db))
    from openplan.core.record.models import Checkpoint

    r: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python bench/record.py " + " ".join(sys.argv[1:]),
        "machine": f"{machine._cpu_model()}, {os.cpu_count()} cores, {machine._ram()}, "
        f"{machine._os()}, "
        f"Python {sys.version.split()[0]}",
        "database": database_name(args.db),
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "entries": args.entries,
    }
    if not args.proofs_only:
        print("raw appends ...")
        r["raw"] = raw_append(args.appends)
        print("appends through commitment_update ...")
        r["service"] = through_a_service(args.updates)
    print(f"filling to {args.entries:,} entries ...")
    r["fill_s"] = fill(args.entries)
    print("storing the subtree hashes ...")
    r["rebuild_s"], r["nodes"] = rebuild_nodes()
    if not args.proofs_only:
        print("verifying ...")
        r["verify_s"], result = verify()
        print(f"  {result}")
        if not hasattr(result, "entries"):
            raise SystemExit(f"the record does not verify: {result}")
        r["checkpoints"] = Checkpoint.objects.count()
    sizes = [s for s in (1_000, 10_000, 100_000, 1_000_000) if s <= args.entries]
    print("proofs ...")
    r["proofs"] = proofs(sizes)
    text = report(args, r)
    print(text)
    if not args.no_docs:
        key = f"record-{args.db}"
        machine.replace_section(ROOT / "docs" / "benchmarks.md", key, text)
        print(f"written to docs/benchmarks.md ({key})")


if __name__ == "__main__":
    main()
