"""One object's Atom feed: a consultation (its phases and shown proposals), a proposal (its
shown comments and the response), a commitment (its versions and progress reports). Valid
Atom, public objects only, linked from the pages, constant queries."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.test import Client

from openplan.participation import services
from openplan.plans.models import Commitment, CommitmentVersion, ProgressUpdate
from tests.opendata.world import World, build
from tests.participation.world import DAY, T0, open_consultation, proposal

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own feed)


def check_atom(root: ET.Element) -> list[ET.Element]:
    """RFC 4287's required elements: the feed's id, title, updated, and an author (here the
    feed's); each entry's id (unique, absolute), title, updated and link."""
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{tag}"), tag
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("http") for i in ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")  # type: ignore[union-attr]
    return entries


def titles(entries: list[ET.Element]) -> list[str]:
    return [e.findtext(f"{ATOM}title") or "" for e in entries]


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    consultation = open_consultation()
    with time_machine.travel(T0 + DAY, tick=False):
        shown = proposal(consultation, cast.participant, title="Shown idea")
        hidden = proposal(consultation, cast.participant, title="Hidden idea")
        services.content_hide(target=hidden, moderator=cast.moderator, reason="Spam")
        services.comment_create(proposal=shown, author=cast.cso_member, body="Good one")
        rude = services.comment_create(proposal=shown, author=cast.cso_member, body="Rude")
        services.content_hide(target=rude, moderator=cast.moderator, reason="Insults")
        services.response_set(proposal=shown, kind="under_review", reason="Costing it.")
    return consultation


def test_the_consultation_feed(client: Client, consultation, cast) -> None:  # type: ignore[no-untyped-def]
    entries = check_atom(feed(client, f"/feeds/consultations/{consultation.pk}.atom"))
    assert titles(entries) == ["Proposal: Shown idea", "Phase: Open"]
    assert all(e.find(f"{ATOM}author") is None for e in entries[:1])  # no participant named
    body = client.get(f"/feeds/consultations/{consultation.pk}.atom").content.decode()
    assert cast.participant.pseudonym not in body and cast.participant.email not in body


def test_the_proposal_feed(client: Client, consultation) -> None:  # type: ignore[no-untyped-def]
    shown = consultation.proposals.get(title="Shown idea")
    entries = check_atom(feed(client, f"/feeds/proposals/{shown.pk}.atom"))
    assert sorted(titles(entries)) == ["Comment on Shown idea", "Response: Under review"]
    assert "Rude" not in client.get(f"/feeds/proposals/{shown.pk}.atom").content.decode()
    hidden = consultation.proposals.get(title="Hidden idea")
    assert check_atom(feed(client, f"/feeds/proposals/{hidden.pk}.atom")) == []


def test_drafts_and_held_proposals_have_no_feed(client: Client, cast, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.participation.world import member_and_plan

    _member, plan = member_and_plan()
    draft = services.consultation_create(subject=plan, title="Draft")
    assert client.get(f"/feeds/consultations/{draft.pk}.atom").status_code == 404
    settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION = True
    consultation = open_consultation()
    with time_machine.travel(T0 + DAY, tick=False):
        held = proposal(consultation, cast.participant)
    assert client.get(f"/feeds/proposals/{held.pk}.atom").status_code == 404


def test_the_commitment_feed(client: Client, db: None) -> None:
    world: World = build()
    commitment = world.published[0]
    CommitmentVersion.objects.create(
        commitment=commitment, number=1, status="published", changed_fields=["status"],
        snapshot={},
    )  # fmt: skip
    entries = check_atom(feed(client, f"/feeds/commitments/{commitment.identifier}.atom"))
    reports = ProgressUpdate.objects.filter(commitment=commitment).count()
    assert len(entries) == reports + 1
    assert "Version 1: Published" in titles(entries)
    draft = world.drafts[0]
    assert client.get(f"/feeds/commitments/{draft.identifier}.atom").status_code == 404


def test_the_commitment_feed_takes_constant_queries(  # type: ignore[no-untyped-def]
    client, db: None, django_assert_max_num_queries
) -> None:
    world: World = build()
    commitment: Commitment = world.published[0]
    url = f"/feeds/commitments/{commitment.identifier}.atom"
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    queries = len(few.captured_queries)
    organisation = commitment.action_plan.member.government
    for n in range(5):
        ProgressUpdate.objects.create(
            commitment=commitment, organisation=organisation, reported_on=dt.date(2025, 1, 1),
            completion="limited", narrative=f"n{n}", source="s",
        )  # fmt: skip
    with django_assert_max_num_queries(queries):
        client.get(url)


def test_the_pages_link_their_feeds(client: Client, consultation) -> None:  # type: ignore[no-untyped-def]
    shown = consultation.proposals.get(title="Shown idea")
    commitment = build().published[0]
    for page, url in (
        (consultation.get_absolute_url(), f"/feeds/consultations/{consultation.pk}.atom"),
        (shown.get_absolute_url(), f"/feeds/proposals/{shown.pk}.atom"),
        (commitment.get_absolute_url(), f"/feeds/commitments/{commitment.identifier}.atom"),
    ):
        head, body = client.get(page).content.decode().split("</head>")
        assert 'type="application/atom+xml"' in head and f'href="{url}"' in head, page
        assert f'href="{url}"' in body, page
