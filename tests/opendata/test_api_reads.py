"""The public read API: public data only, stable addresses, cursor pages, the commitment list's
filters, modified_since, conditional GET, CORS, and problems for every error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openplan.plans.models import Commitment, Evidence, Milestone, ProgressUpdate
from openplan.taxonomy.models import Concept
from tests.opendata.world import SECRET_EMAIL, SECRET_NAME, World, add_member, build

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def world(db: None) -> World:
    return build()


def get(client: Client, url: str, **extra: Any) -> dict[str, Any]:
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def walk(client: Client, url: str) -> list[dict[str, Any]]:
    """Every item of a paged list, following ``next``."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = get(client, next_url)
        items += page["items"]
        next_url = page["next"]
    return items


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    return body


def test_the_commitment_list_pages_through_public_commitments_only(client, world) -> None:
    items = walk(client, f"{API}/commitments?limit=3")
    identifiers = [item["identifier"] for item in items]
    public = Commitment.objects.filter(status__in=["published", "withdrawn"])
    assert identifiers == sorted(public.values_list("identifier", flat=True))
    assert not {d.identifier for d in world.drafts} & set(identifiers)


def test_a_commitment_has_its_milestones_progress_evidence_and_tags(client, world) -> None:
    commitment = world.published[0]
    milestone = Milestone.objects.create(commitment=commitment, title="Portal", position=1)
    update = commitment.progress_updates.filter(is_shadow=False).get()
    Evidence.objects.create(update=update, title="Minutes", url="https://example.org/minutes")
    body = get(client, f"{API}/commitments/{commitment.identifier}")
    assert body["identifier"] == commitment.identifier
    assert body["url"] == f"http://testserver{API}/commitments/{commitment.identifier}"
    assert body["html_url"] == f"http://testserver{commitment.get_absolute_url()}"
    assert body["milestones"] == [
        {
            "id": milestone.pk, "position": 1, "title": "Portal", "description": "",
            "due_date": None, "completed_on": None, "completion": "not-started",
        }
    ]  # fmt: skip
    reports = {u["shadow"]: u for u in body["progress_updates"]}
    assert reports[False]["source"] == "Minutes"
    assert reports[False]["organisation"]["name"] == "Government 0"
    assert reports[True]["organisation"]["name"] == "Watchdog"
    assert reports[False]["evidence"] == [
        {
            "title": "Minutes", "kind": "link", "url": "https://example.org/minutes",
            "filename": None, "content_type": None, "size": None,
        }
    ]  # fmt: skip
    assert body["tags"] == sorted(t.uri for t in commitment.tags.all())
    assert all(tag.startswith("http") and "/vocab/" in tag for tag in body["tags"])


def test_drafts_and_missing_commitments_are_the_same_404(client, world) -> None:
    for identifier in (world.drafts[0].identifier, "NOPE"):
        assert_problem(client.get(f"{API}/commitments/{identifier}"), 404)


def test_no_personal_data_anywhere(client, world) -> None:
    pages = [
        f"{API}/commitments?limit=100",
        f"{API}/members?limit=100",
        f"{API}/action-plans?limit=100",
        f"{API}/commitments/{world.published[0].identifier}",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert SECRET_EMAIL not in text and SECRET_NAME not in text
        assert "@" not in text  # no address of anyone


def test_filters_are_those_of_the_html_list(client, world) -> None:
    member = world.members[1]
    items = walk(client, f"{API}/commitments?member={member.slug}&plan=2")
    assert {i["identifier"] for i in items} == {
        c.identifier
        for c in world.published
        if c.action_plan.member == member and c.action_plan.number == 2
    }
    html = client.get("/commitments/", {"member": member.slug, "plan": 2}).content.decode()
    assert all(i["identifier"] in html for i in items)
    withdrawn = world.published[0]
    withdrawn.status = "withdrawn"
    withdrawn.save()
    items = walk(client, f"{API}/commitments?status=withdrawn")
    assert [i["identifier"] for i in items] == [withdrawn.identifier]
    area = Concept.objects.filter(scheme__slug="ogp-policy-areas").first()
    assert area is not None
    tagged = walk(client, f"{API}/commitments?area={area.notation}&limit=100")
    assert {i["identifier"] for i in tagged} == {
        c.identifier
        for c in Commitment.objects.filter(tags=area, status__in=["published", "withdrawn"])
    }
    assert walk(client, f"{API}/commitments?year=1999") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("member=nobody", "member"),
        ("area=not-an-area", "area"),
        ("plan=zero", "plan"),
        ("plan=0", "plan"),
        ("status=draft", "status"),
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("modified_since=yesterday", "modified_since"),
        ("cursor=bogus", "cursor"),
        ("colour=blue", "colour"),
        ("sort=title", "sort"),
    ],
)
def test_bad_parameters_are_400_problems(client, world, query: str, field: str) -> None:
    body = assert_problem(client.get(f"{API}/commitments?{query}"), 400)
    assert any(error["loc"][-1] == field for error in body["errors"]), body


def test_a_cursor_of_another_list_or_edited_is_refused(client, world) -> None:
    page = get(client, f"{API}/members?limit=1")
    cursor = page["next"].split("cursor=")[1]
    assert_problem(client.get(f"{API}/commitments?cursor={cursor}"), 400)
    assert_problem(client.get(f"{API}/members?cursor={cursor[:-2]}xx"), 400)


def test_modified_since_gives_what_changed(client, world) -> None:
    since = timezone.now() + dt.timedelta(seconds=1)
    assert (
        walk(client, f"{API}/commitments?modified_since={since.isoformat()}".replace("+", "%2B"))
        == []
    )
    later = since + dt.timedelta(hours=1)
    changed = world.published[2]
    update = changed.progress_updates.first()
    assert update is not None
    ProgressUpdate.objects.filter(pk=update.pk).update(updated_at=later)
    stamp = since.strftime("%Y-%m-%dT%H:%M:%S")  # no offset: UTC
    items = walk(client, f"{API}/commitments?modified_since={stamp}")
    assert [i["identifier"] for i in items] == [changed.identifier]
    assert items[0]["modified"] == later.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_conditional_get_answers_304(client, world) -> None:
    url = f"{API}/commitments/{world.published[0].identifier}"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    listing = client.get(f"{API}/commitments")
    assert client.get(f"{API}/commitments", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_cors_is_open_for_reading(client, world) -> None:
    response = client.get(f"{API}/members")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/members", HTTP_ORIGIN="https://elsewhere.example")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_head_answers_headers_only(client, world) -> None:
    response = client.head(f"{API}/members")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"]


def test_wrong_method_and_unknown_address_are_problems(client, world) -> None:
    body = assert_problem(client.post(f"{API}/members", {}), 405)
    assert "GET" in body["detail"] or body["detail"]
    assert "GET" in client.delete(f"{API}/commitments/X")["Allow"]
    assert_problem(client.get(f"{API}/nothing/here"), 404)
    assert_problem(client.get(f"{API}/action-plans/999999"), 404)
    assert_problem(client.get(f"{API}/action-plans/not-a-number"), 404)


def test_draft_plans_are_not_listed(client, world) -> None:
    ids = {item["id"] for item in walk(client, f"{API}/action-plans")}
    assert world.draft_plan is not None and world.draft_plan.pk not in ids
    assert ids == {plan.pk for plan in world.plans}
    assert_problem(client.get(f"{API}/action-plans/{world.draft_plan.pk}"), 404)
    plan = get(client, f"{API}/action-plans/{world.plans[0].pk}")
    assert plan["commitment_count"] == 2


def test_members_and_their_counts(client, world) -> None:
    members = walk(client, f"{API}/members?limit=1")
    assert [m["slug"] for m in members] == ["hidden", "member-0", "member-1"]
    assert {m["slug"]: m["commitment_count"] for m in members}["member-0"] == 5
    assert walk(client, f"{API}/members?level=local")[0]["slug"] == "hidden"


def test_vocabularies_and_concepts(client, world) -> None:
    schemes = walk(client, f"{API}/vocabularies")
    areas = next(s for s in schemes if s["slug"] == "ogp-policy-areas")
    concepts = walk(client, areas["concepts_url"] + "?limit=50")
    expected = Concept.objects.filter(scheme__slug="ogp-policy-areas").count()
    assert len(concepts) == areas["concept_count"] == expected == 86
    child = next(c for c in concepts if c["broader"])
    assert child["broader"] in {c["uri"] for c in concepts}
    one = get(client, child["url"])
    assert one == child
    assert_problem(client.get(f"{API}/vocabularies/none/concepts"), 404)


def test_the_index_links_the_resources(client, world) -> None:
    body = get(client, f"{API}/")
    keys = ("members", "action_plans", "commitments", "vocabularies", "consultations", "openapi")
    for key in (*keys, "docs"):
        assert client.get(body[key]).status_code == 200, key


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _enrich() -> None:
    """Evidence, a milestone and a co-owner for every government report's commitment."""
    for update in ProgressUpdate.objects.filter(is_shadow=False, evidence=None):
        Evidence.objects.create(update=update, title="e", url="https://example.org/e")
        Milestone.objects.create(commitment=update.commitment, title="m")
        update.commitment.co_owners.add(update.organisation)


def test_list_pages_take_the_same_number_of_queries_at_two_sizes(client, world) -> None:
    """A full page of commitments (each with milestones, reports, evidence, tags, co-owners)
    and of the other lists costs as many queries with 4 items as with 40."""
    urls = [
        "/commitments?limit={n}",
        "/commitments?member=member-1&area={area}&limit={n}",
        "/members?limit={n}",
        "/action-plans?limit={n}",
        "/vocabularies/ogp-policy-areas/concepts?limit={n}",
    ]
    area = Concept.objects.filter(scheme__slug="ogp-policy-areas").first()
    assert area is not None
    _enrich()
    small = {}
    for url in urls:  # after one request: the filters' choices are kept per content version
        get(client, API + url.format(n=4, area=area.notation))
        small[url] = _queries(client, API + url.format(n=4, area=area.notation))
    add_member(world, 5, plans=3, per_plan=6)
    _enrich()
    assert Commitment.objects.filter(status="published").count() > 25
    for url, count in small.items():
        big = url.format(n=40, area=area.notation).replace("member-1", "member-5")
        assert len(get(client, API + big)["items"]) >= 4
        assert _queries(client, API + big) == count, url
