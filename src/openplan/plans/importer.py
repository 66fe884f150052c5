"""Import OGP's commitment spreadsheet export (171 columns, one row per commitment).

All or nothing: every row is checked first and every problem is reported with its line (and
column); only a file without problems is written, in one transaction. Re-importing updates
members, plans and commitments by their identifiers instead of duplicating them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from openplan.plans.dates import InvalidDateError, parse_ogp_date
from openplan.plans.models import ActionPlan, Commitment, Level, Member
from openplan.plans.services.commitments import commitment_snapshot
from openplan.plans.services.record import (
    IMPORT_ROLE,
    action_plan_snapshot,
    commitment_changed,
    plan_uri,
    record_current_state,
)
from openplan.plans.states import CommitmentStatus, Completion, PlanStatus
from openplan.taxonomy.models import Concept
from openplan.taxonomy.selectors import concept_lookup_by_label

IDENTITY = [
    "Commitment Unique Identifier", "Country/Locality", "Action Plan Number",
    "Commitment Number", "Code", "Region", "National Or Local", "Year Of Submission",
    "Action Plan End Year", "Commitment Title", "Short Title", "Full Text", "Start Date",
    "End Date", "Lead Institution", "Supporting Institution(s)",
]  # fmt: skip
FIRST_AREA, LAST_AREA = "Anti-Corruption and Integrity", "Money in Politics"
IRM_COLUMNS = [
    "Specificity", "Verifiable", "OGP Value Access To Information",
    "OGP Value Civic Participation", "OGP Value Public Accountability", "OGP Value Technology",
    "Potential Impact", "Completion (Progress Report)", "Starred (Current Formula) Progress Report",
    "Potential for Results", "Completion (End Of Term)", "Early Results",
    "Did It Open Government (Overall)", "Starred (Current Formula) End of Term", "Max star",
    "High Ambition",
]  # fmt: skip
NO_DATA = {"", "NA", "ND", "NR"}
LENGTH_LIMITS = {
    "Commitment Unique Identifier": 40, "Commitment Title": 500, "Short Title": 300,
    "Commitment Number": 20, "Code": 20, "Country/Locality": 200, "Region": 100,
}  # fmt: skip
REQUIRED = {"Commitment Unique Identifier", "Commitment Title", "Code", "Country/Locality"}
COMPLETION = {c.label.lower(): c.value for c in Completion} | {"completed": Completion.COMPLETE}


@dataclass
class Problem:
    """Where and what. ``line`` is the file's physical line (a quoted cell may span several);
    ``row`` counts data rows (commitments) from 1, as a spreadsheet shows them after its header."""

    line: int
    column: str
    message: str
    row: int = 0

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (row {self.row})" if self.row else "")
        where += f", column “{self.column}”" if self.column else ""
        return f"{where}: {self.message}"


class OgpImportError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported")
        self.problems = problems


@dataclass
class ImportResult:
    rows: int = 0
    created: dict[str, int] = field(
        default_factory=lambda: {"member": 0, "plan": 0, "commitment": 0}
    )
    updated: dict[str, int] = field(
        default_factory=lambda: {"member": 0, "plan": 0, "commitment": 0}
    )
    tag_counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    seen: set[tuple[str, int]] = field(default_factory=set)


@dataclass
class Row:
    line: int
    values: dict[str, str]
    tags: list[Concept]
    start: dt.date | None
    end: dt.date | None
    derived: list[Concept] = field(default_factory=list)


def read_table(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Decode and split the file; raise OgpImportError on a wrong encoding."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise OgpImportError(
            [Problem(line, "", "the file is not UTF-8 text; export it as CSV UTF-8")]
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise OgpImportError([Problem(1, "", "the file is empty")]) from exc

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        try:
            for record in reader:
                yield start, record
                start = reader.line_num + 1
        except csv.Error as exc:
            message = f"the file is malformed or ends inside a quoted field ({exc})"
            raise OgpImportError([Problem(start, "", message)]) from exc

    return header, rows()


def check_header(header: list[str], areas: dict[str, Concept]) -> list[Problem]:
    problems = [
        Problem(1, name, "required column is missing") for name in IDENTITY if name not in header
    ]
    if FIRST_AREA not in header or LAST_AREA not in header:
        problems.append(
            Problem(1, "", f"the policy-area columns “{FIRST_AREA}” … “{LAST_AREA}” are missing")
        )
        return problems
    for name in area_columns(header):
        if name.strip().lower() not in areas:
            problems.append(
                Problem(1, name, "unknown policy area: no concept in the vocabulary has this name")
            )
    return problems


def area_columns(header: list[str]) -> list[str]:
    return header[header.index(FIRST_AREA) : header.index(LAST_AREA) + 1]


def check_row(
    line: int, record: list[str], header: list[str], areas: dict[str, Concept]
) -> Row | list[Problem]:
    if len(record) != len(header):
        message = f"expected {len(header)} columns, found {len(record)} (is the file truncated?)"
        return [Problem(line, "", message)]
    values = dict(zip(header, record, strict=True))
    problems = _check_texts(line, values) + _check_numbers(line, values)
    start, end, date_problems = _check_dates(line, values)
    tags, tag_problems = _check_tags(line, values, area_columns(header), areas)
    problems += date_problems + tag_problems
    return problems or Row(line, values, tags, start, end)


def _check_texts(line: int, values: dict[str, str]) -> list[Problem]:
    problems = []
    for name, limit in LENGTH_LIMITS.items():
        value = values[name].strip()
        if name in REQUIRED and not value:
            problems.append(Problem(line, name, "is empty"))
        elif len(value) > limit:
            problems.append(
                Problem(line, name, f"is {len(value)} characters long; at most {limit}")
            )
    return problems


def _check_numbers(line: int, values: dict[str, str]) -> list[Problem]:
    return [
        Problem(line, name, f"“{values[name]}” is not a whole number")
        for name in ("Action Plan Number", "Year Of Submission", "Action Plan End Year")
        if not values[name].strip().isdigit()
    ]


def _check_dates(
    line: int, values: dict[str, str]
) -> tuple[dt.date | None, dt.date | None, list[Problem]]:
    problems: list[Problem] = []
    dates: dict[str, dt.date | None] = {}
    for name in ("Start Date", "End Date"):
        value = values[name].strip()
        try:
            dates[name] = None if value in NO_DATA else parse_ogp_date(value)
        except InvalidDateError as exc:
            problems.append(Problem(line, name, str(exc)))
    start, end = dates.get("Start Date"), dates.get("End Date")
    if start and end and end < start:
        problems.append(Problem(line, "End Date", "ends before it starts"))
    return start, end, problems


def _check_tags(
    line: int, values: dict[str, str], columns: list[str], areas: dict[str, Concept]
) -> tuple[list[Concept], list[Problem]]:
    tags, problems = [], []
    for name in columns:
        value = values[name].strip()
        if value == "1":
            tags.append(areas[name.strip().lower()])
        elif value not in {"0", *NO_DATA}:
            problems.append(Problem(line, name, f"“{value}” should be 0 or 1"))
    return tags, problems


VALUE_COLUMNS = [name for name in IRM_COLUMNS if name.startswith("OGP Value ")]


def derived_tags(
    row: Row, values: dict[str, Concept], digital: dict[str, Concept]
) -> list[Concept]:
    """Tags the spreadsheet implies: the OGP values the IRM found relevant ("1" in an
    "OGP Value …" column) and the open-digital types named like a policy area (Open Data,
    E-petitions, Digital Inclusion, Automated Decision-making, e-Government)."""
    found = [
        values[name.lower()]
        for name in VALUE_COLUMNS
        if row.values.get(name, "").strip() == "1" and name.lower() in values
    ]
    for area in row.tags:
        found += [digital[label.lower()] for label in area.alt_labels if label.lower() in digital]
    return list(dict.fromkeys(found))


def check_file(data: bytes) -> tuple[list[Row], list[Problem]]:
    areas = concept_lookup_by_label(scheme="ogp-policy-areas")
    values = concept_lookup_by_label(scheme="ogp-values")
    digital = concept_lookup_by_label(scheme="open-digital")
    header, records = read_table(data)
    problems = check_header(header, areas)
    if problems:
        return [], problems
    rows: list[Row] = []
    first_line: dict[str, int] = {}
    try:
        for number, (line, record) in enumerate(records, start=1):
            checked = check_row(line, record, header, areas)
            if isinstance(checked, list):
                problems.extend(replace(problem, row=number) for problem in checked)
                continue
            identifier = checked.values["Commitment Unique Identifier"].strip()
            if identifier in first_line:
                message = f"“{identifier}” already appears on line {first_line[identifier]}"
                problems.append(Problem(line, "Commitment Unique Identifier", message, number))
            first_line.setdefault(identifier, line)
            checked.derived = derived_tags(checked, values, digital)
            rows.append(checked)
    except OgpImportError as failed:
        problems.extend(failed.problems)
    if not rows and not problems:
        problems.append(Problem(2, "", "the file has a header but no commitments"))
    return rows, problems


def ogp_import(
    *,
    data: bytes,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check the whole file, then write it in one transaction (or nothing, on any problem).
    ``on_total`` learns the number of rows once the file is checked; ``progress`` is called
    after each row is written."""
    rows, problems = check_file(data)
    if problems:
        raise OgpImportError(problems)
    if on_total:
        on_total(len(rows))
    result = ImportResult(rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        for row in rows:
            _write_row(row, result)
            if progress:
                progress(1)
        _record(result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _record(result: ImportResult) -> None:
    """Append each imported plan and commitment to the public record, as published by the
    import (no organisation acts: OGP's own data is copied). Re-imported objects whose public
    state did not change append nothing."""
    for kind, pk in sorted(result.seen):
        if kind == "plan":
            plan = ActionPlan.objects.select_related("member").get(pk=pk)
            state, uri = action_plan_snapshot(plan), plan_uri(plan)
        elif kind == "commitment":
            commitment = Commitment.objects.get(pk=pk)
            state, uri = commitment_snapshot(commitment), commitment.get_absolute_url()
        else:
            continue
        entry = record_current_state(object_uri=uri, state=state, organisation="", role=IMPORT_ROLE)
        if entry is not None and kind == "commitment":
            commitment_changed(commitment, entry.kind)


def _count(result: ImportResult, kind: str, created: bool, pk: int) -> None:
    """Count each member, plan or commitment once, however many rows name it."""
    if (kind, pk) not in result.seen:
        result.seen.add((kind, pk))
        (result.created if created else result.updated)[kind] += 1


def _write_row(row: Row, result: ImportResult) -> None:
    v = {key: value.strip() for key, value in row.values.items()}
    member, created = Member.objects.update_or_create(
        code=v["Code"],
        defaults={
            "name": v["Country/Locality"],
            "slug": slugify(v["Code"]) or slugify(v["Country/Locality"]),
            "level": Level.LOCAL if "local" in v["National Or Local"].lower() else Level.NATIONAL,
            "region": v["Region"],
        },
    )
    _count(result, "member", created, member.pk)
    end_year = int(v["Action Plan End Year"])
    plan, created = ActionPlan.objects.update_or_create(
        member=member,
        number=int(v["Action Plan Number"]),
        defaults={
            "start_year": int(v["Year Of Submission"]),
            "end_year": max(end_year, int(v["Year Of Submission"])),
            "ogp_id": v.get("Action Plan ID", ""),
            "status": PlanStatus.ENDED
            if end_year < timezone.now().year
            else PlanStatus.IMPLEMENTATION,
        },
    )
    _count(result, "plan", created, plan.pk)
    commitment, created = Commitment.objects.update_or_create(
        identifier=v["Commitment Unique Identifier"],
        defaults=_commitment_fields(v, plan, row),
    )
    _count(result, "commitment", created, commitment.pk)
    commitment.tags.set([*row.tags, *row.derived])
    for concept in row.tags:
        result.tag_counts[concept.pref_label] = result.tag_counts.get(concept.pref_label, 0) + 1


def _commitment_fields(v: dict[str, str], plan: ActionPlan, row: Row) -> dict[str, Any]:
    def text(name: str) -> str:
        return "" if v.get(name, "") in NO_DATA else v[name]

    completion = text("Completion (End Of Term)") or text("Completion (Progress Report)")
    return {
        "action_plan": plan,
        "number": v["Commitment Number"],
        "title": v["Commitment Title"],
        "short_title": text("Short Title"),
        "theme": text("Theme"),
        "full_text": v["Full Text"],
        "start_date": row.start,
        "end_date": row.end,
        "dates_as_written": _dates_as_written(text("Start Date"), text("End Date")),
        "lead_institution": text("Lead Institution"),
        "supporting_institutions": text("Supporting Institution(s)"),
        "status": CommitmentStatus.PUBLISHED,
        "completion": COMPLETION.get(completion.lower(), ""),
        "irm_assessment": {name: v[name] for name in IRM_COLUMNS if v.get(name, "") not in NO_DATA},
        "source_url": v.get("URL", ""),
    }


def _dates_as_written(start: str, end: str) -> str:
    """The source's own words when they are not plain dates ("June 2014", "Ongoing")."""
    if not start and not end:
        return ""
    return f"{start or '?'} – {end or '?'}"[:200]
