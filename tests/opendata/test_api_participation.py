"""The public read API of participation: consultations (public ones only, with phases and
subject) and proposals (shown ones with counts, tags and response; hidden ones with the
reason only; held ones not at all), no personal data, cursor pages, modified_since,
conditional GET, problems, and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from openplan.accounts.services import account_erase
from openplan.participation.models import Proposal
from tests.opendata.test_api_reads import API, _queries, assert_problem, get, walk
from tests.opendata.world import PUBLIC_AUTHOR, Participation, World, add_participation, build
from tests.opendata.world import add_proposals as more_proposals

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build()


@pytest.fixture
def part(world: World) -> Participation:
    return add_participation(world)


def test_only_published_and_archived_consultations_are_listed(client, part) -> None:
    items = walk(client, f"{API}/consultations?limit=1")
    assert [i["id"] for i in items] == sorted([part.published.pk, part.archived.pk])
    assert_problem(client.get(f"{API}/consultations/{part.draft.pk}"), 404)
    assert_problem(client.get(f"{API}/consultations/{part.draft.pk}/proposals"), 404)
    archived = walk(client, f"{API}/consultations?status=archived")
    assert [i["id"] for i in archived] == [part.archived.pk]
    assert walk(client, f"{API}/consultations?member=member-1") == []
    mine = walk(client, f"{API}/consultations?member=member-0")
    assert len(mine) == 2


def test_a_consultation_has_its_phases_and_subject(client, world, part) -> None:
    body = get(client, f"{API}/consultations/{part.published.pk}")
    assert body["url"] == f"http://testserver{API}/consultations/{part.published.pk}"
    assert body["description_html"].strip() == "<p><em>Why</em></p>"
    [phase] = body["phases"]
    assert phase["name"] == "Ideas" and phase["actions"] == ["propose", "comment", "support"]
    assert phase["start"] < phase["end"]
    plan = world.plans[0]
    assert body["subject"] == {
        "kind": "action_plan",
        "member": f"http://testserver{API}/members/member-0",
        "action_plan": f"http://testserver{API}/action-plans/{plan.pk}",
        "commitment": None,
    }
    on_commitment = get(client, f"{API}/consultations/{part.archived.pk}")
    assert on_commitment["subject"]["kind"] == "commitment"
    assert get(client, on_commitment["subject"]["commitment"])["identifier"] == (
        world.published[0].identifier
    )
    assert get(client, body["proposals_url"])["items"]


def test_proposals_show_content_counts_tags_and_response(client, world, part) -> None:
    items = walk(client, f"{API}/consultations/{part.published.pk}/proposals?limit=2")
    assert part.pending is not None and part.hidden is not None
    ids = [i["id"] for i in items]
    assert part.pending.pk not in ids  # held for a moderator: not public
    assert ids == sorted(p.pk for p in [*part.proposals, part.pseudonymous, part.hidden])
    first = next(i for i in items if i["id"] == part.proposals[0].pk)
    assert first["title"] == "Proposal 0" and first["author"] == PUBLIC_AUTHOR
    assert first["body"].startswith("Publish **budgets**")
    assert "<strong>budgets</strong>" in first["body_html"]
    assert first["supports_count"] == 1 and first["comments_count"] == 1
    assert first["tags"] and all("/vocab/" in t for t in first["tags"])
    response = first["response"]
    assert response["kind"] == "accepted" and response["reason"] == "It became a *commitment*."
    # the draft commitment it links is not public: only the published one is given
    assert response["commitments"] == [
        f"http://testserver{API}/commitments/{world.published[0].identifier}"
    ]
    assert get(client, first["url"]) == first


def test_a_hidden_proposal_shows_only_the_reason(client, part) -> None:
    assert part.hidden is not None
    body = get(client, f"{API}/proposals/{part.hidden.pk}")
    assert body["hidden"] == "hidden by moderation: Advertising"
    assert body["moderation"] == "hidden"
    assert body["title"] is body["body"] is body["body_html"] is body["author"] is None
    assert body["tags"] == [] and body["response"] is None
    text = Client().get(f"{API}/consultations/{part.published.pk}/proposals").content.decode()
    assert "Spam" not in text


def test_authors_are_named_only_by_a_chosen_public_name(client, part) -> None:
    assert part.pseudonymous is not None and part.pending is not None
    quiet = part.pseudonymous.author
    assert quiet is not None
    body = get(client, f"{API}/proposals/{part.pseudonymous.pk}")
    assert body["author"] is None
    text = client.get(f"{API}/consultations/{part.published.pk}/proposals").content.decode()
    assert quiet.pseudonym not in text and quiet.email not in text and "@" not in text
    named = part.proposals[0].author
    assert named is not None
    account_erase(user=named)
    assert get(client, f"{API}/proposals/{part.proposals[0].pk}")["author"] == (
        "deleted participant"
    )
    assert_problem(client.get(f"{API}/proposals/{part.pending.pk}"), 404)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/consultations?member=nobody", "member"),
        ("/consultations?status=draft", "status"),
        ("/consultations?limit=101", "limit"),
        ("/consultations?modified_since=yesterday", "modified_since"),
        ("/consultations?cursor=bogus", "cursor"),
        ("/consultations?colour=blue", "colour"),
        ("/consultations/{pk}/proposals?cursor=bogus", "cursor"),
        ("/consultations/{pk}/proposals?limit=0", "limit"),
        ("/consultations/{pk}/proposals?status=hidden", "status"),
    ],
)
def test_bad_parameters_are_400_problems(client, part, path: str, field: str) -> None:
    response = client.get(API + path.format(pk=part.published.pk))
    body = assert_problem(response, 400)
    assert any(error["loc"][-1] == field for error in body["errors"]), body


def test_unknown_ids_and_cursors_of_another_list_are_problems(client, part) -> None:
    for path in ("/consultations/999999", "/proposals/999999", "/consultations/9999/proposals",
                 "/proposals/not-a-number"):  # fmt: skip
        assert_problem(client.get(API + path), 404)
    page = get(client, f"{API}/consultations/{part.published.pk}/proposals?limit=1")
    cursor = page["next"].split("cursor=")[1]
    assert_problem(client.get(f"{API}/consultations?cursor={cursor}"), 400)
    other = part.archived.pk
    assert_problem(client.get(f"{API}/consultations/{other}/proposals?cursor={cursor}"), 400)


def test_modified_since_gives_what_changed(client, part) -> None:
    since = timezone.now() + dt.timedelta(seconds=1)
    stamp = since.strftime("%Y-%m-%dT%H:%M:%S")
    proposals = f"{API}/consultations/{part.published.pk}/proposals"
    assert walk(client, f"{API}/consultations?modified_since={stamp}") == []
    assert walk(client, f"{proposals}?modified_since={stamp}") == []
    later = since + dt.timedelta(hours=1)
    Proposal.objects.filter(pk=part.proposals[1].pk).update(updated_at=later)
    items = walk(client, f"{proposals}?modified_since={stamp}")
    assert [i["id"] for i in items] == [part.proposals[1].pk]
    assert items[0]["modified"] == later.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_conditional_get_answers_304(client, part) -> None:
    consultation = f"{API}/consultations/{part.published.pk}"
    for url in (
        consultation,
        f"{API}/proposals/{part.proposals[0].pk}",
        consultation + "/proposals",
    ):
        first = client.get(url)
        assert first["Access-Control-Allow-Origin"] == "*"
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_support_changes_the_proposal_and_its_last_modified(client, part) -> None:
    from openplan.participation import services
    from tests.factories import UserFactory

    url = f"{API}/proposals/{part.proposals[0].pk}"
    first = client.get(url)
    services.support_add(proposal=part.proposals[0], user=UserFactory())
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["supports_count"] == 2


def test_list_pages_take_the_same_number_of_queries_at_two_sizes(client, world, part) -> None:
    """A page of proposals (each with tags, a response and its commitments) and of
    consultations (each with phases) costs as many queries with 4 items as with 40."""
    urls = [f"/consultations/{part.published.pk}/proposals?limit={{n}}", "/consultations?limit={n}"]
    small = {url: _queries(client, API + url.format(n=4)) for url in urls}
    more_proposals(part.published, 40, world)
    for _n in range(6):  # 14 public consultations in all
        add_participation(world, proposals=0)
    for url, count in small.items():
        big = API + url.format(n=40)
        assert len(get(client, big)["items"]) >= 12
        assert _queries(client, big) == count, url
