"""Bad requests and failures: before the first build, unknown files, a failed build."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from openplan.opendata.exports import build as build_module
from openplan.opendata.exports.build import exports_build
from openplan.opendata.exports.files import FILES, manifest_read
from openplan.opendata.exports.tables import Row, Table
from tests.opendata.world import World, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build(members=1, plans=1, per_plan=1)


def fingerprint(directory: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.iterdir())
        if path.name != ".lock"
    }


def test_before_the_first_build_the_page_says_so(client: Client, world: World) -> None:
    response = client.get("/data/downloads/")
    assert response.status_code == 200
    assert "are being prepared and are not available yet" in response.content.decode()
    assert "<table" in response.content.decode()  # the tables the files will hold


@pytest.mark.parametrize("name", [spec.name for spec in FILES.values()])
def test_a_file_not_built_yet_is_a_404_page_that_says_so(
    client: Client, world: World, name: str
) -> None:
    response = client.get(f"/data/downloads/{name}")
    assert response.status_code == 404
    assert f"The file “{name}” has not been built yet" in response.content.decode()


def test_the_manifest_before_the_first_build_is_a_404(client: Client, world: World) -> None:
    assert client.get("/data/downloads/manifest.json").status_code == 404


@pytest.mark.parametrize(
    "name", ["nope.csv", ".lock", "openplan-data.jsonl.tmp", "..", "%2e%2e%2fsettings.py"]
)
def test_an_unknown_file_is_a_404(client: Client, world: World, name: str) -> None:
    exports_build()
    assert client.get(f"/data/downloads/{name}").status_code == 404


def test_a_file_missing_from_disk_is_a_404_not_a_500(
    client: Client, world: World, exports_dir: Path
) -> None:
    exports_build()
    (exports_dir / FILES["xlsx"].name).unlink()
    assert client.get(f"/data/downloads/{FILES['xlsx'].name}").status_code == 404


def test_an_unreadable_manifest_counts_as_not_built(
    client: Client, world: World, exports_dir: Path
) -> None:
    exports_build()
    (exports_dir / "manifest.json").write_text("{not json")
    assert manifest_read() is None
    assert client.get("/data/downloads/").status_code == 200
    assert client.get(f"/data/downloads/{FILES['csv'].name}").status_code == 404


def _failing_table() -> Table:
    def rows() -> Iterator[Row]:
        yield ["fine"]
        raise RuntimeError("the database went away")

    return Table("broken", ["value"], rows, lambda: None)  # type: ignore[arg-type,return-value]


def test_a_failed_build_leaves_the_previous_files_intact(
    client: Client, world: World, exports_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = exports_build()
    before = fingerprint(exports_dir)
    world.published[0].title = "Changed after the first build"
    world.published[0].save()
    monkeypatch.setattr(build_module, "TABLES", (*build_module.TABLES, _failing_table()))
    with pytest.raises(RuntimeError):
        exports_build()
    assert fingerprint(exports_dir) == before  # no temporary file left, nothing replaced
    assert manifest_read() == first.manifest
    response = client.get(f"/data/downloads/{FILES['jsonl'].name}")
    assert response.status_code == 200
    assert b"Changed after the first build" not in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_command_reports_a_failed_build(
    world: World, exports_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "TABLES", (_failing_table(),))
    with pytest.raises(CommandError, match="previous downloads are unchanged"):
        call_command("export-data", verbosity=0)
    assert fingerprint(exports_dir) == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_build_outside_a_transaction_reads_one_snapshot(exports_dir: Path) -> None:
    """As in the worker: on PostgreSQL the build opens its own repeatable-read transaction."""
    from django.db import connection

    from tests.opendata.exports_helpers import csv_tables

    world = build(members=1, plans=1, per_plan=1)
    assert not connection.in_atomic_block
    exports_build()
    identifiers = {row["identifier"] for row in csv_tables(exports_dir)["commitments"]}
    assert identifiers == {c.identifier for c in world.published} | {"DRAFTPLAN1"}
    assert not connection.in_atomic_block
