"""The public dataset as tables: one per entity, each a header and a stream of rows.

Every table is read with ``values_list(...).iterator(chunk_size=CHUNK)`` ordered by primary key,
so rows are fetched from the database a chunk at a time and no model instance or whole result
is ever held: memory stays flat however large the site is. Public data only, the same as the
public pages: published and withdrawn commitments, their milestones, progress reports and
evidence, action plans out of draft, every member and vocabulary. No person is named anywhere:
progress is reported by organisations, as on the commitment page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from openplan.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.plans.selectors import PUBLIC_STATUSES
from openplan.plans.states import PlanStatus
from openplan.taxonomy.models import Concept

CHUNK = 2000
Value = str | int | bool | None
Row = list[Value]


@dataclass(frozen=True)
class Table:
    """One entity: its file name (without extension), columns and rows."""

    name: str
    columns: Sequence[str]
    rows: Callable[[], Iterator[Row]]
    source: Callable[[], QuerySet[Any]]  # what ``rows`` reads: counted for progress bars

    def count(self) -> int:
        return self.source().count()


def _stream(queryset: QuerySet[Any], fields: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)


def _plain(value: Any) -> Value:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _links(name: str, count: int = 1) -> Callable[..., str]:
    """Absolute addresses of the URL ``name`` (string and slug parameters only), made by
    filling a template reversed once instead of reversing for each of many rows."""
    marks = [f"zz{i}zz" for i in range(count)]
    template = _url(reverse(name, args=marks))

    def link(*values: object) -> str:
        url = template
        for mark, value in zip(marks, values, strict=True):
            url = url.replace(mark, quote(str(value), safe="~:@!$&'()*+,;="))
        return url

    return link


def _public_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.filter(status__in=PUBLIC_STATUSES)


def _members() -> QuerySet[Member]:
    return Member.objects.all()


def _plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.exclude(status=PlanStatus.DRAFT)


def _co_owners() -> QuerySet[Any]:
    return Commitment.co_owners.through.objects.filter(commitment__status__in=PUBLIC_STATUSES)


def _milestones() -> QuerySet[Milestone]:
    return Milestone.objects.filter(commitment__status__in=PUBLIC_STATUSES)


def _updates() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(commitment__status__in=PUBLIC_STATUSES)


def _evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(update__commitment__status__in=PUBLIC_STATUSES)


def _concepts() -> QuerySet[Concept]:
    return Concept.objects.all()


def _tags() -> QuerySet[Any]:
    return Commitment.tags.through.objects.filter(commitment__status__in=PUBLIC_STATUSES)


def members() -> Iterator[Row]:
    fields = ("slug", "code", "name", "level", "region", "government__name")
    for row in _stream(_members(), fields):
        yield [*row, _url(reverse("plans:member_detail", args=[row[0]]))]


def action_plans() -> Iterator[Row]:
    fields = ("pk", "member__slug", "number", "title", "start_year", "end_year", "status", "ogp_id")
    for row in _stream(_plans(), fields):
        yield [*row, _url(reverse("plans:action_plan_detail", args=[row[0]]))]


COMMITMENT_FIELDS = (
    "identifier", "action_plan__member__slug", "action_plan_id", "action_plan__number", "number",
    "title", "short_title", "theme", "problem", "description", "contribution", "relevance",
    "full_text", "start_date", "end_date", "dates_as_written", "lead_institution",
    "supporting_institutions", "budget", "links", "status", "completion", "language",
    "source_url", "created_at", "updated_at",
)  # fmt: skip
COMMITMENT_COLUMNS = [
    "identifier", "member", "action_plan_id", "action_plan_number",
    *COMMITMENT_FIELDS[4:], "url",
]  # fmt: skip


def commitments() -> Iterator[Row]:
    link = _links("plans:commitment_detail")
    for row in _stream(_public_commitments(), COMMITMENT_FIELDS):
        yield [*(_plain(value) for value in row), link(row[0])]


def co_owners() -> Iterator[Row]:
    fields = ("commitment__identifier", "organisation__slug", "organisation__name",
              "organisation__org_type")  # fmt: skip
    yield from (list(row) for row in _stream(_co_owners(), fields))


def milestones() -> Iterator[Row]:
    fields = ("pk", "commitment__identifier", "position", "title", "description", "due_date",
              "completed_on", "completion")  # fmt: skip
    yield from ([_plain(value) for value in row] for row in _stream(_milestones(), fields))


def progress_updates() -> Iterator[Row]:
    fields = ("pk", "commitment__identifier", "milestone_id", "organisation__name",
              "organisation__org_type", "reported_on", "completion_before", "completion",
              "percent", "narrative", "source", "is_shadow", "created_at")  # fmt: skip
    link = _links("plans:commitment_detail")
    for row in _stream(_updates(), fields):
        yield [*(_plain(value) for value in row), f"{link(row[1])}#update-{row[0]}"]


def evidence() -> Iterator[Row]:
    fields = ("pk", "update_id", "title", "url", "file", "filename", "content_type", "size")
    rows = _stream(_evidence(), fields)
    for pk, update, title, url, file, filename, content_type, size in rows:
        if file:
            name = filename or file.rsplit("/", 1)[-1]
            url = _url(reverse("plans:evidence_download", kwargs={"pk": pk, "filename": name}))
        yield [pk, update, title, url, filename, content_type, size]


def concepts() -> Iterator[Row]:
    fields = ("scheme__slug", "notation", "pref_label", "labels", "alt_labels", "definition",
              "parent__notation", "position", "introduced_in", "deprecated_in")  # fmt: skip
    link = _links("taxonomy:concept_detail", 2)
    for row in _stream(_concepts(), fields):
        yield [link(row[0], row[1]), *row]


def commitment_tags() -> Iterator[Row]:
    fields = ("commitment__identifier", "concept__scheme__slug", "concept__notation")
    link = _links("taxonomy:concept_detail", 2)
    for identifier, scheme, notation in _stream(_tags(), fields):
        yield [identifier, scheme, notation, link(scheme, notation)]


TABLES: tuple[Table, ...] = (
    Table(
        "members", ["slug", "code", "name", "level", "region", "government", "url"],
        members, _members,
    ),
    Table(
        "action_plans",
        ["id", "member", "number", "title", "start_year", "end_year", "status", "ogp_id", "url"],
        action_plans, _plans,
    ),
    Table("commitments", COMMITMENT_COLUMNS, commitments, _public_commitments),
    Table(
        "commitment_co_owners",
        ["commitment", "organisation_slug", "organisation", "organisation_type"],
        co_owners, _co_owners,
    ),
    Table(
        "milestones",
        ["id", "commitment", "position", "title", "description", "due_date", "completed_on",
         "completion"],
        milestones, _milestones,
    ),
    Table(
        "progress_updates",
        ["id", "commitment", "milestone_id", "organisation", "organisation_type", "reported_on",
         "completion_before", "completion", "percent", "narrative", "source", "shadow",
         "created_at", "url"],
        progress_updates, _updates,
    ),
    Table(
        "evidence",
        ["id", "progress_update_id", "title", "url", "filename", "content_type", "size"],
        evidence, _evidence,
    ),
    Table(
        "concepts",
        ["uri", "scheme", "notation", "label", "labels", "alt_labels", "definition", "parent",
         "position", "introduced_in", "deprecated_in"],
        concepts, _concepts,
    ),
    Table(
        "commitment_tags", ["commitment", "scheme", "notation", "concept_uri"],
        commitment_tags, _tags,
    ),
)  # fmt: skip
