"""Public commitment pages: content and constant query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Member,
    Milestone,
    ProgressUpdate,
)
from openplan.taxonomy.models import Concept

pytestmark = pytest.mark.django_db


def make_commitments(count: int, milestones: int = 2) -> list[Commitment]:
    member, _ = Member.objects.get_or_create(
        code="DMO", defaults={"name": "Demoland", "slug": "dmo", "level": "national"}
    )
    plan, _ = ActionPlan.objects.get_or_create(
        member=member, number=1, defaults={"start_year": 2024, "end_year": 2026}
    )
    organisation, _ = Organisation.objects.get_or_create(
        slug="gov", defaults={"name": "Gov", "org_type": "government"}
    )
    tags = list(Concept.objects.filter(scheme__slug="ogp-policy-areas")[:3])
    start = Commitment.objects.count()
    made = []
    for n in range(start, start + count):
        commitment = Commitment.objects.create(
            identifier=f"DMO{n:04}", action_plan=plan, title=f"Commitment {n}", status="published"
        )
        commitment.tags.set(tags)
        for m in range(milestones):
            milestone = Milestone.objects.create(
                commitment=commitment, title=f"Step {m}", position=m
            )
            update = ProgressUpdate.objects.create(
                commitment=commitment,
                milestone=milestone,
                organisation=organisation,
                reported_on=dt.date(2025, 1, 1),
                completion="limited",
                narrative="Begun",
                source="Minutes",
            )
            Evidence.objects.create(  # a file's row; the file itself is not needed here
                update=update, title=f"Minutes {m}", file=f"evidence/{n}-{m}.pdf",
                filename=f"minutes-{m}.pdf", content_type="application/pdf", size=1536,
            )  # fmt: skip
        made.append(commitment)
    return made


def test_list_shows_published_only(client) -> None:  # type: ignore[no-untyped-def]
    published, draft = make_commitments(2)
    draft.status = "draft"
    draft.save()
    html = client.get(reverse("plans:commitment_list")).content.decode()
    assert published.title in html and draft.title not in html
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("url_name", ["plans:commitment_list"])
def test_list_queries_do_not_grow(client, django_assert_max_num_queries, url_name: str) -> None:  # type: ignore[no-untyped-def]
    make_commitments(3)
    with django_assert_max_num_queries(10) as small:
        client.get(reverse(url_name))
    make_commitments(37)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(url_name))


def test_detail_queries_do_not_grow(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    (small_one,) = make_commitments(1, milestones=1)
    with django_assert_max_num_queries(12) as small:
        page = client.get(small_one.get_absolute_url())
    assert "Step 0" in page.content.decode() and "Minutes" in page.content.decode()
    assert "minutes-0.pdf" in page.content.decode() and "(PDF, 1.5" in page.content.decode()
    (big_one,) = make_commitments(1, milestones=25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(big_one.get_absolute_url()).status_code == 200


def test_filters_and_csv_download_agree(client) -> None:  # type: ignore[no-untyped-def]
    first, second, third = make_commitments(3, milestones=0)
    area = Concept.objects.get(scheme__slug="ogp-policy-areas", notation="open-data")
    second.tags.add(area)
    third.completion = "complete"
    third.save()
    html = client.get(reverse("plans:commitment_list"), {"area": "open-data"}).content.decode()
    assert second.title in html and first.title not in html
    html = client.get(reverse("plans:commitment_list"), {"completion": "complete"}).content.decode()
    assert third.title in html and second.title not in html
    response = client.get(reverse("plans:commitment_csv"), {"area": "open-data"})
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("identifier,title,member")
    assert len(lines) == 2 and second.identifier in lines[1] and "Open Data" in lines[1]


def test_bad_filter_values_are_explained_not_fatal(client) -> None:  # type: ignore[no-untyped-def]
    make_commitments(1, milestones=0)
    response = client.get(reverse("plans:commitment_list"), {"year": "soon", "area": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert "Commitment 0" in html  # invalid filters are ignored, the list stays


def test_progress_chart_and_its_table_alternative(client) -> None:  # type: ignore[no-untyped-def]
    (commitment,) = make_commitments(1, milestones=0)
    organisation = Organisation.objects.get(slug="gov")
    for day, percent in ((1, 20), (2, 60), (3, None)):
        ProgressUpdate.objects.create(
            commitment=commitment, organisation=organisation, reported_on=dt.date(2025, 3, day),
            completion="limited", percent=percent, narrative="n", source="s",
        )  # fmt: skip
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert html.count('class="chart__bar"') == 2  # the report without a percentage is not drawn
    assert 'role="img"' in html and "Progress reports" in html
    heights = [int(h) for h in re.findall(r'height="(\d+)" class="chart__bar"', html)]
    assert heights == [40, 120]  # 20 % and 60 % of a 200-unit chart, oldest first
