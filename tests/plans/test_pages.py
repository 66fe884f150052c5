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


def test_the_csv_download_defuses_spreadsheet_formulas(client) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    (commitment,) = make_commitments(1, milestones=0)
    commitment.title = '=HYPERLINK("https://evil.example/","Click")'
    commitment.lead_institution = "@SUM(1+1)"
    commitment.save()
    response = client.get(reverse("plans:commitment_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["title"] == "'" + commitment.title
    assert row["lead_institution"] == "'@SUM(1+1)"
    assert row["identifier"] == commitment.identifier  # other cells unchanged


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


def test_plan_status_value_and_open_digital_filters(client) -> None:  # type: ignore[no-untyped-def]
    first, second, third = make_commitments(3, milestones=0)
    member = first.action_plan.member
    plan_two = ActionPlan.objects.create(member=member, number=2, start_year=2026, end_year=2028)
    Commitment.objects.filter(pk=third.pk).update(action_plan=plan_two, status="withdrawn")
    first.tags.add(Concept.objects.get(scheme__slug="ogp-values", notation="civic-participation"))
    second.tags.add(Concept.objects.get(scheme__slug="open-digital", notation="open-source"))
    url = reverse("plans:commitment_list")

    def shown(**params: str) -> set[str]:
        html = client.get(url, params).content.decode()
        return {c.title for c in (first, second, third) if f">{c.title}<" in html}

    assert shown() == {first.title, second.title, third.title}  # withdrawn ones stay public
    assert shown(member="dmo", plan="2") == {third.title}
    assert shown(status="withdrawn") == {third.title}
    assert "Withdrawn</span>" in client.get(url, {"status": "withdrawn"}).content.decode()
    assert shown(value="civic-participation") == {first.title}
    assert shown(digital="open-source") == {second.title}
    assert shown(value="civic-participation", digital="open-source") == set()


def test_member_list_counts_and_filters(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    make_commitments(3, milestones=0)
    local = Member.objects.create(
        name="Villeneuve", slug="vln", code="VLN", level="local", region="Europe"
    )
    url = reverse("plans:member_list")
    with django_assert_max_num_queries(8) as small:
        html = client.get(url).content.decode()
    queries = len(small.captured_queries)  # now: later requests reset the connection's log
    assert "2 members" in html and "Villeneuve" in html
    row = re.search(r"Demoland</a></th>(.*?)</tr>", html, re.S)
    assert row and re.findall(r">(\d+)<", row.group(1)) == ["1", "3"]  # one plan, 3 commitments
    html = client.get(url, {"level": "local"}).content.decode()
    assert "Villeneuve" in html and "Demoland" not in html
    html = client.get(url, {"region": "Europe"}).content.decode()
    assert "1 member" in html
    bad = client.get(url, {"level": "galactic"}).content.decode()
    assert "Select a valid choice." in bad and "2 members" in bad
    for n in range(20):
        Member.objects.create(name=f"M{n}", slug=f"m{n}", code=f"M{n}", level="national")
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
    assert local.pk


def test_commitment_page_lists_the_other_public_commitments_of_its_plan(client) -> None:  # type: ignore[no-untyped-def]
    first, second, draft = make_commitments(3, milestones=0)
    Commitment.objects.filter(pk=draft.pk).update(status="draft")
    html = client.get(first.get_absolute_url()).content.decode()
    assert "Other commitments of this action plan" in html
    assert f"{second.identifier}: {second.title}" in html
    assert draft.title not in html and f"{first.identifier}: {first.title}" not in html


def test_commitment_page_names_its_co_owners(client) -> None:  # type: ignore[no-untyped-def]
    (commitment,) = make_commitments(1, milestones=0)
    cso = Organisation.objects.create(name="Open Budget Watch", slug="obw", org_type="cso")
    commitment.co_owners.add(cso)
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "<dt>Co-owners</dt>" in html
    assert f'<a href="{cso.get_absolute_url()}">Open Budget Watch</a>' in html


def test_commitment_page_shows_every_text_field_of_the_ogp_template(client) -> None:  # type: ignore[no-untyped-def]
    (commitment,) = make_commitments(1, milestones=0)
    fields = {
        "problem": "Budgets are hidden", "description": "Publish them monthly",
        "contribution": "People can follow spending", "relevance": "Transparency",
        "budget": "EUR 120,000 from the national budget", "links": "SDG 16.6; plan 2 commitment 4",
        "lead_institution": "Ministry of Finance", "supporting_institutions": "Statistics office",
    }  # fmt: skip
    Commitment.objects.filter(pk=commitment.pk).update(**fields)
    html = client.get(commitment.get_absolute_url()).content.decode()
    missing = [name for name, value in fields.items() if value not in html]
    assert missing == []
    assert "<h2>Budget</h2>" in html
