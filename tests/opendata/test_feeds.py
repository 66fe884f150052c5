"""Atom feeds: public commitments and progress only, organisations named and people never,
linked from the pages, and a constant number of queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from openplan.plans.models import Commitment, ProgressUpdate
from tests.opendata.world import SECRET_EMAIL, SECRET_NAME, World, add_member, build

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/feeds/commitments.atom",
    "/feeds/progress.atom",
    "/feeds/members/member-1/commitments.atom",
]


@pytest.fixture
def world(db: None) -> World:
    return build()


def entries(client: Client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314 (our own feed)


def text(entry: ET.Element, tag: str) -> str:
    return entry.findtext(f"{ATOM}{tag}") or ""


def test_the_commitment_feed_has_public_commitments_only(client: Client, world: World) -> None:
    withdrawn = world.published[0]
    withdrawn.status = "withdrawn"
    withdrawn.save()
    items = entries(client, "/feeds/commitments.atom")
    titles = [text(e, "title") for e in items]
    assert len(items) == Commitment.objects.filter(status__in=["published", "withdrawn"]).count()
    assert not any(d.title in t for d in world.drafts for t in titles)
    assert f"{withdrawn.identifier}: {withdrawn.title} (withdrawn)" in titles
    newest = items[0]  # the latest change comes first
    assert text(newest, "title").startswith(withdrawn.identifier)
    assert (
        newest.find(f"{ATOM}link").get("href") == f"http://testserver{withdrawn.get_absolute_url()}"
    )
    assert newest.find(f"{ATOM}author/{ATOM}name").text == "Government 0"
    assert "&lt;b&gt;now&lt;/b&gt;" in text(newest, "summary")  # user text is escaped, not HTML


def test_the_member_feed_has_that_member_only(client: Client, world: World) -> None:
    member = world.members[1]
    items = entries(client, f"/feeds/members/{member.slug}/commitments.atom")
    assert {text(e, "title").split(":")[0] for e in items} == {
        c.identifier for c in world.published if c.action_plan.member == member
    }
    assert client.get("/feeds/members/nobody/commitments.atom").status_code == 404


def test_the_progress_feed_labels_shadow_reports_and_hides_drafts(
    client: Client, world: World
) -> None:
    items = entries(client, "/feeds/progress.atom")
    public = ProgressUpdate.objects.filter(commitment__status="published").count()
    assert len(items) == min(public, 50)
    titles = [text(e, "title") for e in items]
    assert any(t.startswith("Shadow report on ") for t in titles)
    assert any(t.startswith("Progress on ") for t in titles)
    assert not any(d.identifier in t for d in world.drafts for t in titles)
    authors = {e.find(f"{ATOM}author/{ATOM}name").text for e in items}
    assert authors <= {"Watchdog", "Government 0", "Government 1"}
    link = items[0].find(f"{ATOM}link").get("href")
    assert "#update-" in link


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_name_no_person(client: Client, world: World, url: str) -> None:
    body = client.get(url).content.decode()
    assert SECRET_NAME not in body and SECRET_EMAIL not in body


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_take_constant_queries(  # type: ignore[no-untyped-def]
    client, world: World, url: str, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6) as small:
        client.get(url)
    for n in range(10, 13):
        add_member(World(), n, plans=2, per_plan=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_feed_titles_are_translated(client: Client, world: World) -> None:
    client.cookies["openplan_language"] = "es"
    root = ET.fromstring(client.get("/feeds/progress.atom").content)  # noqa: S314
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"


@pytest.mark.parametrize(
    ("url", "feed"),
    [("/commitments/", "/feeds/commitments.atom"),
     ("/commitments/members/member-1/", "/feeds/members/member-1/commitments.atom")],
)  # fmt: skip
def test_pages_link_their_feeds(client: Client, world: World, url: str, feed: str) -> None:
    html = client.get(url).content.decode()
    head = html.split("</head>")[0]
    assert 'type="application/atom+xml"' in head and f'href="{feed}"' in head
    body = html.split("</head>")[1]
    assert f'href="{feed}"' in body  # a visible link too


def test_the_consultation_feed_lists_public_consultations_with_their_phases(
    client: Client, db: None, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from openplan.participation import services
    from tests.participation.world import member_and_plan, open_consultation

    open_consultation()
    _member, plan = member_and_plan()
    services.consultation_create(subject=plan, title="A draft nobody sees", description="")
    with django_assert_max_num_queries(6) as few:
        found = entries(client, "/feeds/consultations.atom")
    assert [text(e, "title") for e in found] == ["The next action plan (Demoland)"]
    assert "Open: " in text(found[0], "summary")
    for _ in range(4):
        open_consultation()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(entries(client, "/feeds/consultations.atom")) == 5
