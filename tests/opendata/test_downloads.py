"""Bulk downloads: what the files hold (public data only, the same in every format), how they
are served and listed, and in the catalogue."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from openplan.opendata.exports.build import exports_build
from openplan.opendata.exports.files import FILES
from openplan.opendata.exports.tables import TABLES
from openplan.plans.models import Evidence, Milestone, ProgressUpdate
from tests.opendata.exports_helpers import csv_tables, jsonl_records, path_of, xlsx_sheets
from tests.opendata.world import World, add_member, build

pytestmark = pytest.mark.django_db

SPDX = "http://spdx.org/rdf/terms#"


@pytest.fixture
def world(db: None) -> World:
    world = build()
    commitment = world.published[0]
    milestone = Milestone.objects.create(commitment=commitment, title="First step")
    update = ProgressUpdate.objects.filter(commitment=commitment).first()
    assert update is not None
    Evidence.objects.create(update=update, title="Minutes", url="https://example.org/minutes")
    Milestone.objects.create(commitment=world.drafts[0], title="Draft step")
    world.milestone = milestone  # type: ignore[attr-defined]
    return world


def test_every_table_is_in_every_format_with_public_rows_only(
    world: World, exports_dir: Path
) -> None:
    exports_build()
    tables, records, sheets = (
        csv_tables(exports_dir),
        jsonl_records(exports_dir),
        xlsx_sheets(exports_dir),
    )
    names = [table.name for table in TABLES]
    assert list(tables) == names
    assert list(sheets) == names
    published = [*sorted(c.identifier for c in world.published), "DRAFTPLAN1"]
    assert sorted(row["identifier"] for row in tables["commitments"]) == sorted(published)
    jsonl_ids = [r["identifier"] for r in records if r["type"] == "commitments"]
    assert sorted(jsonl_ids) == sorted(published)  # type: ignore[type-var]
    xlsx_ids = [row[0] for row in sheets["commitments"][1:]]
    assert sorted(xlsx_ids) == sorted(published)  # type: ignore[type-var]
    first = next(
        r for r in tables["commitments"] if r["identifier"] == world.published[0].identifier
    )
    assert first["url"] == settings.SITE_URL + world.published[0].get_absolute_url()
    assert [r["title"] for r in tables["milestones"]] == ["First step"]  # not the draft's
    assert {r["url"] for r in tables["evidence"]} == {"https://example.org/minutes"}
    plan_numbers = {(r["member"], r["number"]) for r in tables["action_plans"]}
    assert ("member-0", "9") not in plan_numbers  # the draft plan
    assert len(tables["progress_updates"]) == 2 * len(world.published)  # not the drafts'
    for table in TABLES:  # the same number of rows everywhere
        in_jsonl = sum(1 for r in records if r["type"] == table.name)
        assert len(tables[table.name]) == in_jsonl == len(sheets[table.name]) - 1, table.name


def test_values_keep_their_types_in_json_lines_and_xlsx(world: World, exports_dir: Path) -> None:
    exports_build()
    update = next(r for r in jsonl_records(exports_dir) if r["type"] == "progress_updates")
    assert update["shadow"] in (True, False) and update["reported_on"] == "2024-03-01"
    concept = next(r for r in jsonl_records(exports_dir) if r["type"] == "concepts")
    assert isinstance(concept["labels"], dict)
    header, first = xlsx_sheets(exports_dir)["action_plans"][:2]
    assert header[0] == "id" and isinstance(first[header.index("start_year")], int)


def test_a_formula_stays_text_in_the_workbook(world: World, exports_dir: Path) -> None:
    commitment = world.published[0]
    commitment.title = '=HYPERLINK("https://evil.example","click")'
    commitment.save()
    exports_build()
    rows = xlsx_sheets(exports_dir)["commitments"]
    titles = [row[rows[0].index("title")] for row in rows[1:]]
    assert commitment.title in titles


def test_the_manifest_gives_size_checksum_and_time(world: World, exports_dir: Path) -> None:
    built = exports_build()
    assert [entry.key for entry in built.manifest.files] == list(FILES)
    for entry in built.manifest.files:
        content = path_of(exports_dir, entry.key).read_bytes()
        assert entry.size == len(content)
        assert entry.sha256 == hashlib.sha256(content).hexdigest()
        assert entry.generated_at == built.manifest.generated_at
    assert not [p for p in exports_dir.iterdir() if p.name.endswith(".tmp")]


def test_the_export_reads_each_table_in_one_query_whatever_its_size(db: None) -> None:
    world = build(members=1, plans=1, per_plan=1)
    with CaptureQueriesContext(connection) as small:
        exports_build()
    for n in range(2, 5):
        add_member(world, n, plans=2, per_plan=5)
    with CaptureQueriesContext(connection) as large:
        exports_build()
    assert len(small) == len(large)


def test_the_page_lists_each_file_with_checksum_and_time(client: Client, world: World) -> None:
    built = exports_build()
    response = client.get("/data/downloads/")
    assert response.status_code == 200
    page = response.content.decode()
    for entry in built.manifest.files:
        assert f'href="/data/downloads/{entry.name}"' in page
        assert entry.sha256 in page
    assert f'datetime="{built.manifest.generated_at.isoformat()}"' in page
    assert "<h1>" in page and "commitment_tags" in page


def test_files_are_served_as_attachments_with_their_type(client: Client, world: World) -> None:
    built = exports_build()
    for entry in built.manifest.files:
        response = client.get(f"/data/downloads/{entry.name}")
        assert response.status_code == 200
        assert response["Content-Type"] == entry.content_type
        assert response["Content-Disposition"] == f'attachment; filename="{entry.name}"'
        assert response["Content-Length"] == str(entry.size)
        assert response["ETag"] == f'"{entry.sha256}"'
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert hashlib.sha256(body).hexdigest() == entry.sha256
        again = client.get(f"/data/downloads/{entry.name}", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304


def test_the_manifest_is_served_as_json(client: Client, world: World) -> None:
    built = exports_build()
    response = client.get("/data/downloads/manifest.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert [f["sha256"] for f in response.json()["files"]] == [
        e.sha256 for e in built.manifest.files
    ]


def test_the_command_builds_the_files(world: World, exports_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("export-data")
    out = capsys.readouterr().out
    for spec in FILES.values():
        assert (exports_dir / spec.name).exists() and spec.name in out
    assert "commitments 9" in out  # 2 members x 2 plans x 2, and the draft plan's published one


def test_the_catalogue_lists_the_downloads_once_built(client: Client, world: World) -> None:
    def distributions() -> Graph:
        response = client.get("/catalog.ttl")
        return Graph().parse(data=response.content, format="turtle")

    dataset = URIRef("http://testserver/catalog#all")
    assert (dataset, ns.RDF.type, ns.DCAT.Dataset) not in distributions()
    built = exports_build()
    graph = distributions()
    assert (dataset, ns.RDF.type, ns.DCAT.Dataset) in graph
    urls = {str(url) for url in graph.objects(None, ns.DCAT.downloadURL)}
    for entry in built.manifest.files:
        url = f"http://testserver/data/downloads/{entry.name}"
        assert url in urls
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
        node = URIRef(f"http://testserver/catalog#all-{entry.key}")
        assert graph.value(node, ns.DCAT.byteSize).toPython() == entry.size  # type: ignore[union-attr]
        checksum = graph.value(node, URIRef(SPDX + "checksum"))
        value = graph.value(checksum, URIRef(SPDX + "checksumValue"))
        assert value == Literal(entry.sha256, datatype=ns.XSD.hexBinary)


def test_the_catalogue_with_downloads_conforms_to_dcat_ap_3(client: Client, world: World) -> None:
    from pyshacl import validate

    from tests.shared_data import DCAT_AP_SHACL

    exports_build()
    graph = Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    _conforms, _report, text = validate(
        graph, shacl_graph=Graph().parse(DCAT_AP_SHACL), inference="none"
    )
    assert "Violation" not in text, text


def test_the_workbook_keeps_to_excel_limits(
    world: World, exports_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openplan.opendata.exports import writers

    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 4)  # a header and three rows a sheet
    long_text = "x" * (writers.XLSX_MAX_CHARS + 10)
    commitment = world.published[0]
    commitment.full_text = long_text
    commitment.save()
    exports_build()
    sheets = xlsx_sheets(exports_dir)
    parts = [rows for name, rows in sheets.items() if name.startswith("commitments")]
    commitment_rows = [row for rows in parts for row in rows[1:]]
    assert {"commitments", "commitments 2", "commitments 3"} <= set(sheets)
    assert len(commitment_rows) == len(world.published) + 1
    assert all(rows[0][0] == "identifier" for rows in parts)  # each part has the header
    header = sheets["commitments"][0]
    texts = [row[header.index("full_text")] for row in commitment_rows]
    assert long_text[: writers.XLSX_MAX_CHARS] in texts  # cut in the workbook
    full = csv_tables(exports_dir)["commitments"]
    assert long_text in [row["full_text"] for row in full]  # whole in the CSV
