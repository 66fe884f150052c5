"""Meeting pages through HTTP, without JavaScript: what people see (counts, never names),
registering into a full meeting, the coordinators' forms sent back with clear messages, and
constant query counts at two sizes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from openplan.accounts.models import User
from openplan.participation import services
from openplan.participation.models import Meeting, Registration
from tests.participation.test_pages import count_queries, page
from tests.participation.world import DAY, T0, WITH_MEETINGS, meeting, open_consultation, proposal

pytestmark = pytest.mark.django_db
NOW = T0 + DAY


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    return open_consultation(phases=[("Open", 0, 30, WITH_MEETINGS)])


def register_url(m: Meeting, register: bool = True) -> str:
    name = "meeting_register" if register else "meeting_unregister"
    return reverse(f"participation:{name}", args=[m.pk])


def test_the_consultation_lists_its_meetings(client_for, consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation, capacity=20)
    html = page(client_for("anonymous"), consultation.get_absolute_url())
    assert workshop.title in html and workshop.get_absolute_url() in html
    assert "0 of 20 places taken" in html
    assert reverse("opendata:consultation_meetings_ical", args=[consultation.pk]) in html
    assert "Announce a meeting" not in html
    assert "Announce a meeting" in page(client_for("coordinator"), consultation.get_absolute_url())


def test_a_full_meeting_puts_people_on_the_waiting_list(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation, capacity=1)
    anonymous = client_for("anonymous")
    html = page(anonymous, workshop.get_absolute_url())
    assert "<em>Budgets</em>" in html and "Town hall, room 2" in html
    assert "1 of 1 left." in html and "Log in to register" in html
    first, second = client_for("participant"), client_for("cso_member")
    done = first.post(register_url(workshop), follow=True).content.decode()
    assert "your place is confirmed" in done and "Cancel my registration" in done
    html = page(second, workshop.get_absolute_url())
    assert "0 of 1 left." in html and "Join the waiting list" in html
    waiting = second.post(register_url(workshop), follow=True).content.decode()
    assert "on the waiting list, number 1" in waiting
    assert "You are on the waiting list: number 1." in waiting
    twice = second.post(register_url(workshop), follow=True).content.decode()
    assert "You are already on the waiting list of this meeting." in twice
    assert Registration.objects.filter(meeting=workshop).count() == 2
    # names are never shown: counts only
    public = page(anonymous, workshop.get_absolute_url())
    assert "1 person on the waiting list." in public
    for person in (cast.participant, cast.cso_member):
        assert person.email not in public and (person.display_name or "@") not in public
    dashboard = page(second, "/dashboard/")
    assert "Your meetings" in dashboard and "On the waiting list" in dashboard
    first.post(register_url(workshop, register=False))
    assert "Your place is confirmed." in page(second, workshop.get_absolute_url())


def test_registering_where_it_is_not_open_says_so(client_for, cast):  # type: ignore[no-untyped-def]
    consultation = open_consultation()  # its phase does not allow attending
    workshop = meeting(consultation)
    client = client_for("participant")
    html = page(client, workshop.get_absolute_url())
    assert "meetings is not open at the moment" in html
    answer = client.post(register_url(workshop), follow=True).content.decode()
    assert "meetings is not open at the moment" in answer
    assert not Registration.objects.exists()
    assert client_for("anonymous").post(register_url(workshop)).status_code == 302  # to log in


def test_a_coordinator_announces_a_meeting(client_for, consultation):  # type: ignore[no-untyped-def]
    client = client_for("coordinator")
    url = reverse("participation:meeting_create", args=[consultation.pk])
    assert "Announce a meeting" in page(client, url)
    data = {"title": "Online hearing", "kind": "online", "start": "2026-03-10T18:00",
            "end": "2026-03-10T20:00", "address": "", "online_url": "", "capacity": "",
            "agenda": "Questions"}  # fmt: skip
    bad = client.post(url, data).content.decode()
    assert "Give the link people use to join online." in bad and 'value="Online hearing"' in bad
    bad = client.post(url, {**data, "online_url": "https://x.example", "address": "Hall"})
    assert "An online meeting has no place" in bad.content.decode()
    assert not Meeting.objects.exists()
    done = client.post(url, {**data, "online_url": "https://meet.example.org/h"}, follow=True)
    assert "The meeting has been announced." in done.content.decode()
    hearing = Meeting.objects.get()
    assert (hearing.kind, hearing.capacity) == ("online", None)
    assert 'href="https://meet.example.org/h"' in page(client, hearing.get_absolute_url())
    assert client_for("official").get(url).status_code == 403


def test_a_coordinator_closes_a_meeting(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    held = meeting(consultation, start=T0)
    idea = proposal(consultation, cast.participant)
    client = client_for("coordinator")
    assert "Close the meeting" in page(client, held.get_absolute_url())
    url = reverse("participation:meeting_close", args=[held.pk])
    assert idea.title in page(client, url)
    bad = client.post(url, {"minutes": "", "attendees": "12"}).content.decode()
    assert "Write the minutes before closing the meeting." in bad
    data = {"minutes": "We *agreed*.", "attendees": "12", "organisations": "3",
            "proposals": [idea.pk]}  # fmt: skip
    done = client.post(url, data, follow=True).content.decode()
    assert "The meeting has been closed; its minutes are public." in done
    html = page(client_for("anonymous"), held.get_absolute_url())
    assert "<em>agreed</em>" in html and "12 people attended." in html
    assert "They represented 3 organisations." in html and idea.title in html
    born = page(client_for("anonymous"), idea.get_absolute_url())
    assert "Born at the meeting" in born and held.get_absolute_url() in born
    again = client.post(url, data).content.decode()
    assert "This meeting has already been closed." in again


def test_a_coordinator_cancels_a_meeting(client_for, consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation)
    client = client_for("coordinator")
    url = reverse("participation:meeting_cancel", args=[workshop.pk])
    assert register_url(workshop) in page(client_for("participant"), workshop.get_absolute_url())
    assert "The meeting has been cancelled." in client.post(url, follow=True).content.decode()
    again = client.post(url, follow=True).content.decode()
    assert "This meeting has been cancelled." in again
    html = page(client_for("participant"), workshop.get_absolute_url())
    assert register_url(workshop) not in html and "This meeting has been cancelled." in html


def _meetings_with_people(consultation, n: int, tag: str) -> None:  # type: ignore[no-untyped-def]
    users = User.objects.bulk_create(
        [User(email=f"{tag}{i}@example.org", password="!") for i in range(n)]
    )
    for i in range(n):
        m = meeting(consultation, title=f"Meeting {tag}{i}", capacity=2, start=T0 + (5 + i) * DAY)
        for user in users[:3]:
            services.registration_create(meeting=m, user=user)


def test_the_consultation_page_runs_constant_queries(client_for, consultation):  # type: ignore[no-untyped-def]
    client, url = client_for("participant"), consultation.get_absolute_url()
    _meetings_with_people(consultation, 2, "a")
    small = count_queries(client, url)
    _meetings_with_people(consultation, 12, "b")
    assert count_queries(client, url) == small


def test_the_meeting_page_runs_constant_queries(client_for, consultation, cast):  # type: ignore[no-untyped-def]
    held = meeting(consultation, start=T0 + dt.timedelta(hours=1), capacity=5)
    client, url = client_for("participant"), held.get_absolute_url()
    ideas = [proposal(consultation, cast.participant, title=f"Idea {i}") for i in range(25)]
    users = User.objects.bulk_create([User(email=f"m{i}@example.org") for i in range(30)])
    with time_machine.travel(T0, tick=False):
        for user in users[:2]:
            services.registration_create(meeting=held, user=user)
    services.meeting_close(meeting=held, minutes="m", attendees=2, proposals=ideas[:2])
    small = count_queries(client, url)
    Meeting.objects.filter(pk=held.pk).update(status="scheduled")
    with time_machine.travel(T0, tick=False):
        for user in users[2:]:
            services.registration_create(meeting=held, user=user)
    services.meeting_close(meeting=held, minutes="m", attendees=30, proposals=ideas)
    assert count_queries(client, url) == small
