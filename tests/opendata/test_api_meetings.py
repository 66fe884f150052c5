"""Meetings in the read API: public consultations' meetings only, counts and never names, the
minutes and attendance once closed, the proposals born there (and the proposal's way back),
constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from openplan.accounts.models import User
from openplan.participation import services
from openplan.participation.models import Consultation, Meeting, Phase
from tests.opendata.test_api_reads import API, _queries, assert_problem, get, walk
from tests.opendata.world import Participation, World, add_participation, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(db: None) -> Participation:
    world: World = build(members=1, plans=1, per_plan=1)
    return add_participation(world)


def _meetings(consultation: Consultation, n: int, tag: str) -> list[Meeting]:
    now = timezone.now()
    # Through the ORM: a public consultation's new phase cannot start in the past (services).
    Phase.objects.create(
        consultation=consultation, name=f"Meetings {tag}", start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(days=30), actions=["attend"],
    )  # fmt: skip
    users = User.objects.bulk_create([User(email=f"{tag}{i}@example.org") for i in range(3)])
    made = []
    for i in range(n):
        meeting = services.meeting_create(
            consultation=consultation, kind="in_person", title=f"Meeting {tag}{i}",
            address="Hall", start=now + dt.timedelta(days=2 + i),
            end=now + dt.timedelta(days=2 + i, hours=2), capacity=2,
        )  # fmt: skip
        for user in users:
            services.registration_create(meeting=meeting, user=user)
        made.append(meeting)
    return made


def test_a_meeting_with_its_counts_and_never_names(client: Client, part) -> None:  # type: ignore[no-untyped-def]
    [meeting] = _meetings(part.published, 1, "a")
    body = get(client, f"{API}/meetings/{meeting.pk}")
    assert body["url"] == f"http://testserver{API}/meetings/{meeting.pk}"
    assert body["ical_url"] == f"http://testserver/consultations/meetings/{meeting.pk}.ics"
    assert (body["capacity"], body["places_taken"], body["waiting"]) == (2, 2, 1)
    assert (body["address"], body["online_url"], body["minutes"]) == ("Hall", None, None)
    assert "@example.org" not in str(body)
    consultation = get(client, f"{API}/consultations/{part.published.pk}")
    listed = [m["id"] for m in walk(client, consultation["meetings_url"])]
    assert listed == [*(m.pk for m in part.meetings), meeting.pk]  # in the order announced


def test_a_closed_meeting_has_minutes_and_the_proposals_born_there(client: Client, part) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    held = services.meeting_create(
        consultation=part.published, kind="online", title="Held",
        online_url="https://meet.example.org/x", start=now - dt.timedelta(hours=3),
        end=now - dt.timedelta(hours=1),
    )  # fmt: skip
    idea = part.proposals[0]
    before = idea.updated_at
    services.meeting_close(
        meeting=held, minutes="We *met*.", attendees=9, organisations=2, proposals=[idea]
    )
    body = get(client, f"{API}/meetings/{held.pk}")
    assert body["status"] == "closed" and body["minutes_html"].strip() == "<p>We <em>met</em>.</p>"
    assert (body["attendees"], body["organisations"]) == (9, 2)
    assert body["proposals"] == [f"http://testserver{API}/proposals/{idea.pk}"]
    proposal = get(client, f"{API}/proposals/{idea.pk}")
    assert proposal["meeting"] == body["url"]
    idea.refresh_from_db()
    assert idea.updated_at > before  # the API's ``modified`` moves with the new link


def test_a_drafts_meetings_are_not_found(client: Client, part) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    secret = services.meeting_create(
        consultation=part.draft, kind="in_person", title="Secret", address="Hall",
        start=now + dt.timedelta(days=2), end=now + dt.timedelta(days=2, hours=1),
    )  # fmt: skip
    assert_problem(client.get(f"{API}/meetings/{secret.pk}"), 404)
    assert_problem(client.get(f"{API}/consultations/{part.draft.pk}/meetings"), 404)


def test_the_meeting_list_runs_constant_queries(client: Client, part) -> None:  # type: ignore[no-untyped-def]
    url = f"{API}/consultations/{part.published.pk}/meetings?limit=50"
    _meetings(part.published, 2, "s")
    small = _queries(client, url)
    _meetings(part.published, 15, "l")
    assert _queries(client, url) == small
    assert len(get(client, url)["items"]) == 2 + 2 + 15  # the world's two, and these
