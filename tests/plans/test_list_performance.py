"""The public commitment list's costs, as bench/http.py found them at 100,000 commitments: an
index instead of a full scan for each page's count, and tags and filter choices loaded with only
the fields the page shows (without a query per row for the others)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from openplan.plans import selectors
from openplan.plans.models import Commitment
from openplan.taxonomy.models import Concept
from tests.plans.test_pages import make_commitments

pytestmark = pytest.mark.django_db


def test_published_commitments_are_counted_and_paged_through_an_index() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # an empty table: make the planner show its choice
            cursor.execute("SET LOCAL enable_seqscan = off")
    published = Commitment.objects.filter(status="published")
    assert "commitment_identifier_status" in published.order_by("identifier")[:40].explain()
    assert "commitment_identifier_status" in published.values("pk").explain()
    assert selectors.commitment_list_public().query.order_by == ("identifier",)


def test_one_members_list_starts_from_the_member() -> None:
    """Without statistics (Django never runs ANALYZE), SQLite would take an index that starts
    with ``status`` for a member's list too, and scan every published commitment. PostgreSQL,
    kept off sequential scans here, reaches the member's plans through an index too."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    mine = Commitment.objects.filter(status="published", action_plan__member_id=1).values("pk")
    assert "plans_actionplan_member_id" in mine.explain()


def test_a_filtered_page_of_tagged_commitments_takes_few_queries(
    client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    commitments = make_commitments(40, milestones=0)
    area = Concept.objects.get(scheme__slug="ogp-policy-areas", notation="open-data")
    for commitment in commitments:
        commitment.tags.add(area)
    query = {"member": "dmo", "area": "open-data", "sort": "title"}
    with django_assert_max_num_queries(10):  # 4 of them: the filter form's choices
        html = client.get(reverse("plans:commitment_list"), query).content.decode()
    with django_assert_max_num_queries(6):  # the choices are kept until the content changes
        again = client.get(reverse("plans:commitment_list"), query).content.decode()
    assert again == html
    assert html.count(area.get_absolute_url()) == 40
    assert '<option value="dmo" selected>Demoland</option>' in html
    assert '<option value="open-data" selected>' in html


def test_the_filters_choices_follow_changes_and_the_language(client) -> None:  # type: ignore[no-untyped-def]
    """Kept per content version and language: a new member is a choice at once, a renamed
    concept shows its new label, and each language gets its own labels."""
    from openplan.plans.models import Member

    make_commitments(1, milestones=0)
    url = reverse("plans:commitment_list")
    assert "Newland" not in client.get(url).content.decode()
    Member.objects.create(name="Newland", slug="newland", code="NWL")
    html = client.get(url, {"member": "newland"}).content.decode()
    assert '<option value="newland" selected>Newland</option>' in html
    area = Concept.objects.get(scheme__slug="ogp-policy-areas", notation="open-data")
    area.labels = {**area.labels, "es": "Datos abiertos (es)"}
    area.save()
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<option value="open-data">Datos abiertos (es)</option>' in spanish
    assert "Datos abiertos (es)" not in client.get(url).content.decode()


def test_the_rows_tags_are_in_the_schemes_order_with_labels_in_the_language(client) -> None:  # type: ignore[no-untyped-def]
    (commitment,) = make_commitments(1, milestones=0)
    areas = list(Concept.objects.filter(scheme__slug="ogp-policy-areas").order_by("position")[:3])
    areas[0].labels = {**areas[0].labels, "fr": "Premier domaine"}
    areas[0].save()
    commitment.tags.add(areas[2], areas[0], areas[1])
    html = client.get(reverse("plans:commitment_list")).content.decode()
    links = [f'<a href="{area.get_absolute_url()}">{area.pref_label}</a>' for area in areas]
    assert ", ".join(links) in html
    french = client.get(reverse("plans:commitment_list"), HTTP_ACCEPT_LANGUAGE="fr").content
    assert f'<a href="{areas[0].get_absolute_url()}">Premier domaine</a>' in french.decode()


@pytest.mark.postgres
def test_the_chosen_commitments_can_be_sorted_from_a_covering_index() -> None:
    """PostgreSQL can sort the list's chosen commitments by identifier without reading their
    rows (migration plans/0005): an index of ids that carries identifier and status."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'commitment_id_covering'")
        (definition,) = cursor.fetchone()
    assert "(id) INCLUDE (identifier, status)" in definition
