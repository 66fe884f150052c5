"""CSV of a filtered commitment list, streamed row by row (constant memory)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet

from openplan.plans.models import Commitment

COLUMNS = [
    "identifier", "title", "member", "member_code", "level", "region", "action_plan",
    "plan_start_year", "plan_end_year", "start_date", "end_date", "completion",
    "lead_institution", "policy_areas", "url",
]  # fmt: skip


# A cell that starts with one of these is a formula to a spreadsheet (CSV injection, OWASP):
# such text cells get a leading apostrophe, which spreadsheets show as text and do not keep.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def commitment_csv_rows(commitments: QuerySet[Commitment]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for commitment in _chunks(commitments):
        member = commitment.action_plan.member
        yield writer.writerow(
            _cell(value)
            for value in [
                commitment.identifier, commitment.title, member.name, member.code,
                member.level, member.region, commitment.action_plan.number,
                commitment.action_plan.start_year, commitment.action_plan.end_year,
                commitment.start_date or "", commitment.end_date or "", commitment.completion,
                commitment.lead_institution,
                "; ".join(tag.pref_label for tag in commitment.tags.all()),
                settings.SITE_URL + commitment.get_absolute_url(),
            ]
        )  # fmt: skip


def _chunks(commitments: QuerySet[Commitment], size: int = 500) -> Iterable[Commitment]:
    """Iterate with prefetching in chunks, so memory stays flat however many rows there are."""
    return commitments.iterator(chunk_size=size)
