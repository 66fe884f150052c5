"""Importing OGP's commitment export: the real sample, re-imports and every kind of bad file."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from openplan.core.record.models import EntryKind, RecordEntry
from openplan.plans.dates import InvalidDateError, parse_ogp_date
from openplan.plans.importer import VALUE_COLUMNS, OgpImportError, ogp_import
from openplan.plans.models import ActionPlan, Commitment, Member
from openplan.taxonomy.models import Concept
from tests.shared_data import OGP_SAMPLE

pytestmark = pytest.mark.django_db

SAMPLE = OGP_SAMPLE


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    if not SAMPLE.exists():
        pytest.fail(f"{SAMPLE} is missing: the tests read OGP's real sample from ../shared")
    return SAMPLE.read_bytes()


def table(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return rows[0], rows[1:]


def to_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode()


def test_the_whole_sample_imports_with_exact_tag_counts(sample_bytes: bytes) -> None:
    result = ogp_import(data=sample_bytes)
    assert Commitment.objects.count() == 386 == result.rows
    header, rows = table(sample_bytes)
    areas = header[
        header.index("Anti-Corruption and Integrity") : header.index("Money in Politics") + 1
    ]
    expected = Counter(
        {area: sum(row[header.index(area)] == "1" for row in rows) for area in areas}
    )
    imported = Counter(
        {
            concept.alt_labels[0]: concept.commitments.count()
            for concept in Concept.objects.filter(scheme__slug="ogp-policy-areas")
        }
    )
    assert +imported == +expected  # every column maps to a concept, with the same count
    albania = Commitment.objects.get(identifier="AL0002")
    assert albania.action_plan.member.code == "ALB"
    assert albania.status == "published" and albania.source_url.endswith("/al0002")
    assert Member.objects.filter(level="local").count() == 5


def test_reimporting_updates_instead_of_duplicating(sample_bytes: bytes) -> None:
    ogp_import(data=sample_bytes)
    counts = (Member.objects.count(), ActionPlan.objects.count(), Commitment.objects.count())
    entries = RecordEntry.objects.count()
    assert entries == counts[1] + counts[2]  # each plan and commitment is published
    assert set(RecordEntry.objects.values_list("kind", flat=True)) == {EntryKind.PUBLICATION}
    header, rows = table(sample_bytes)
    rows[0][header.index("Commitment Title")] = "A corrected title"
    result = ogp_import(data=to_bytes(header, rows))
    assert (
        Member.objects.count(),
        ActionPlan.objects.count(),
        Commitment.objects.count(),
    ) == counts
    assert result.created == {"member": 0, "plan": 0, "commitment": 0}
    assert Commitment.objects.get(identifier=rows[0][0]).title == "A corrected title"
    edit = RecordEntry.objects.get(sequence=entries + 1)  # only what changed is recorded again
    assert RecordEntry.objects.count() == entries + 1 and edit.kind == EntryKind.EDIT
    assert edit.object_uri == f"/commitments/{rows[0][0]}/" and edit.role == "import"


def test_dry_run_writes_nothing(sample_bytes: bytes) -> None:
    result = ogp_import(data=sample_bytes, dry_run=True)
    assert result.created["commitment"] == 386
    assert not Commitment.objects.exists() and not Member.objects.exists()
    assert not RecordEntry.objects.exists()


def problems_for(data: bytes) -> list[str]:
    with pytest.raises(OgpImportError) as excinfo:
        ogp_import(data=data)
    assert not Commitment.objects.exists()  # nothing is half-imported
    return [str(problem) for problem in excinfo.value.problems]


def test_wrong_columns(sample_bytes: bytes) -> None:
    header, rows = table(sample_bytes)
    index = header.index("Commitment Title")
    header = header[:index] + header[index + 1 :]
    rows = [row[:index] + row[index + 1 :] for row in rows]
    assert problems_for(to_bytes(header, rows)) == [
        "line 1, column “Commitment Title”: required column is missing"
    ]


def test_unknown_tag_column(sample_bytes: bytes) -> None:
    header, rows = table(sample_bytes)
    header[header.index("Open Contracting")] = "Open Astrology"
    (problem,) = problems_for(to_bytes(header, rows))
    assert problem == (
        "line 1, column “Open Astrology”: unknown policy area: "
        "no concept in the vocabulary has this name"
    )


def test_bad_dates_and_tag_values_name_line_and_column(sample_bytes: bytes) -> None:
    header, rows = table(sample_bytes)
    rows[2][header.index("Start Date")] = "2/30/2021"
    rows[4][header.index("Open Contracting")] = "yes"
    problems = problems_for(to_bytes(header, rows))
    assert "line 4 (row 3), column “Start Date”: “2/30/2021” is not a valid date" in problems
    # Row 5 starts on a later physical line: an earlier cell spans several lines.
    (tag_problem,) = [p for p in problems if "Open Contracting" in p]
    assert tag_problem.endswith("(row 5), column “Open Contracting”: “yes” should be 0 or 1")
    assert int(tag_problem.split()[1]) > 6


def test_end_before_start(sample_bytes: bytes) -> None:
    header, rows = table(sample_bytes)
    rows[0][header.index("Start Date")] = "1/1/2024"
    rows[0][header.index("End Date")] = "1/1/2023"
    assert problems_for(to_bytes(header, rows)) == [
        "line 2 (row 1), column “End Date”: ends before it starts"
    ]


def test_duplicate_identifiers(sample_bytes: bytes) -> None:
    header, rows = table(sample_bytes)
    rows[5][0] = rows[1][0]
    (problem,) = problems_for(to_bytes(header, rows))
    assert problem.endswith(
        f"(row 6), column “Commitment Unique Identifier”: “{rows[1][0]}” already appears on line 3"
    )


def test_wrong_encoding(sample_bytes: bytes) -> None:
    latin1 = "Commitment Unique Identifier,Title\nAL0001,Réforme\n".encode("latin-1")
    assert problems_for(latin1) == ["line 2: the file is not UTF-8 text; export it as CSV UTF-8"]


def test_truncated_file(sample_bytes: bytes) -> None:
    cut = sample_bytes[: len(sample_bytes) // 2]
    problems = problems_for(cut)
    assert len(problems) == 1
    assert problems[0].startswith("line ")
    assert "truncated" in problems[0] or "ends inside a quoted field" in problems[0]


def test_the_command_reports_problems_and_exits_non_zero(sample_bytes: bytes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    header, rows = table(sample_bytes)
    rows[0][header.index("Action Plan Number")] = "two"
    bad.write_bytes(to_bytes(header, rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import-ogp", str(bad), stderr=err, verbosity=0)
    assert (
        "line 2 (row 1), column “Action Plan Number”: “two” is not a whole number" in err.getvalue()
    )
    out = io.StringIO()
    call_command("import-ogp", str(SAMPLE), "--dry-run", stdout=out, verbosity=0)
    assert "Would import 386 commitments" in out.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/31/2022", "2022-12-31"),
        ("31/12/2014", "2014-12-31"),
        ("8/21/20", "2020-08-21"),
        ("June 2014", "2014-06-01"),
        ("2013", "2013-01-01"),
        ("Quarter 4 2016", "2016-10-01"),
        ("IV quarter of 2022", "2022-10-01"),
        ("43525", "2019-03-01"),
        ("Ongoing", None),
    ],
)
def test_ogp_date_forms(text: str, expected: str | None) -> None:
    parsed = parse_ogp_date(text)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize("text", ["2/30/2021", "13/13/2020", "2021-02-30", "12/12/12/12"])
def test_impossible_dates(text: str) -> None:
    with pytest.raises(InvalidDateError):
        parse_ogp_date(text)


def test_ogp_values_and_open_digital_types_are_tagged(sample_bytes: bytes) -> None:
    ogp_import(data=sample_bytes)
    header, rows = table(sample_bytes)

    def ones(column: str) -> int:
        return sum(row[header.index(column)] == "1" for row in rows)

    values = Concept.objects.filter(scheme__slug="ogp-values")
    assert {c.alt_labels[0]: c.commitments.count() for c in values} == {
        column: ones(column) for column in VALUE_COLUMNS
    }
    digital = {
        c.notation: c.commitments.count()
        for c in Concept.objects.filter(scheme__slug="open-digital")
    }
    assert digital["open-data"] == ones("Open Data") > 0
    assert digital["digital-inclusion"] == ones("Digital Inclusion") == 1
    assert digital["open-source"] == 0  # no column names it: never guessed
