"""Meetings through their services: where and when (each kind's place or link), registration
with a capacity and a waiting list in order, cancellation that hands the place on, closing
with minutes and attendance, and every refusal with a clear message and nothing counted twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from openplan.accounts.models import User
from openplan.accounts.services import account_erase
from openplan.core.record.models import RecordEntry
from openplan.participation import selectors, services
from openplan.participation.models import Meeting, Registration
from openplan.participation.personal_data import participation_of
from openplan.participation.states import ConsultationStatus, MeetingStatus
from tests.participation.world import (
    ALL,
    DAY,
    T0,
    WITH_MEETINGS,
    meeting,
    member_and_plan,
    open_consultation,
    proposal,
)

pytestmark = pytest.mark.django_db
NOW = T0 + DAY


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    return open_consultation(phases=[("Open", 0, 30, WITH_MEETINGS)])


def people(n: int) -> list[User]:
    return [User.objects.create(email=f"attendee{i}@meeting.example") for i in range(n)]


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- where and when -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "address", "link", "message"),
    [
        ("in_person", "", "", "Say where the meeting takes place."),
        ("online", "", "", "Give the link people use to join online."),
        ("hybrid", "Town hall", "", "Give the link people use to join online."),
        ("hybrid", "", "https://meet.example.org/x", "Say where the meeting takes place."),
        ("in_person", "Town hall", "https://meet.example.org/x", "An in-person meeting has no"),
        ("online", "Town hall", "https://meet.example.org/x", "An online meeting has no place"),
        ("online", "", "javascript:alert(1)", "must start with https://"),
        ("by_pigeon", "Town hall", "", "Choose how people meet."),
    ],
)
def test_each_kind_needs_its_place_or_link(consultation, kind, address, link, message):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        meeting(consultation, kind=kind, address=address, online_url=link)
    assert message in messages_of(error)
    assert not Meeting.objects.exists()


def test_the_three_kinds(consultation):  # type: ignore[no-untyped-def]
    link = "https://meet.example.org/budget"
    assert meeting(consultation).has_place
    online = meeting(consultation, kind="online", address="", online_url=link)
    assert online.is_online and not online.has_place
    hybrid = meeting(consultation, kind="hybrid", online_url=link)
    assert hybrid.is_online and hybrid.has_place
    assert "<em>Budgets</em>" in hybrid.agenda_html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": T0}, "A meeting must end after it starts."),
        ({"capacity": 0}, "Give at least one place"),
        ({"title": "  "}, "This field is required."),
        ({"agenda": "<script>x</script>"}, "Scripts and embedded content are not allowed."),
    ],
)
def test_bad_meetings_are_refused(consultation, changes, message):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        meeting(consultation, **changes)
    assert message in messages_of(error)
    assert not Meeting.objects.exists()


def test_an_archived_consultation_takes_no_meetings(consultation):  # type: ignore[no-untyped-def]
    services.consultation_transition(consultation=consultation, target=ConsultationStatus.ARCHIVED)
    with pytest.raises(ValidationError, match="archived consultation"):
        meeting(consultation)


def test_a_drafts_meetings_are_recorded_when_it_is_published(cast):  # type: ignore[no-untyped-def]
    _member, plan = member_and_plan()
    draft = services.consultation_create(subject=plan, title="Draft")
    services.phase_add(consultation=draft, name="P", start=T0, end=T0 + 9 * DAY, actions=[])
    before = RecordEntry.objects.count()
    first = meeting(draft)
    assert RecordEntry.objects.count() == before  # a draft is not public
    services.consultation_transition(consultation=draft, target=ConsultationStatus.PUBLISHED)
    uris = list(RecordEntry.objects.order_by("sequence").values_list("object_uri", flat=True))
    assert uris[-2:] == [draft.get_absolute_url(), first.get_absolute_url()]


# --- registration, capacity, waiting list -------------------------------------------------


def test_places_then_the_waiting_list_in_order(consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation, capacity=2)
    a, b, c, d = people(4)
    statuses = [services.registration_create(meeting=workshop, user=u).status for u in (a, b, c, d)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert [selectors.place_of(user=u, meeting=workshop).position for u in (c, d)] == [1, 2]  # type: ignore[union-attr]
    counted = selectors.meeting_get_for_user(pk=workshop.pk, user=a)
    assert (counted.confirmed_total, counted.waiting_total) == (2, 2)  # type: ignore[attr-defined]


def test_registering_twice_says_so_and_counts_once(consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation, capacity=1)
    a, b = people(2)
    services.registration_create(meeting=workshop, user=a)
    services.registration_create(meeting=workshop, user=b)
    with pytest.raises(ValidationError, match="already registered for this meeting"):
        services.registration_create(meeting=workshop, user=a)
    with pytest.raises(ValidationError, match="already on the waiting list"):
        services.registration_create(meeting=workshop, user=b)
    assert Registration.objects.count() == 2


def test_cancelling_a_place_promotes_the_first_waiting(consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation, capacity=1)
    a, b, c = people(3)
    for user in (a, b, c):
        services.registration_create(meeting=workshop, user=user)
    assert services.registration_cancel(meeting=workshop, user=a) is True
    assert Registration.objects.get(user=b).status == "confirmed"
    assert selectors.place_of(user=c, meeting=workshop).position == 1  # type: ignore[union-attr]
    assert services.registration_cancel(meeting=workshop, user=c) is True  # leaves the list
    assert Registration.objects.get(user=b).status == "confirmed"
    assert services.registration_cancel(meeting=workshop, user=a) is False  # not registered


def test_without_a_capacity_everyone_has_a_place(consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation)
    for user in people(5):
        assert services.registration_create(meeting=workshop, user=user).status == "confirmed"


def test_registering_outside_an_attend_phase_is_refused(cast):  # type: ignore[no-untyped-def]
    consultation = open_consultation(phases=[("Ideas", 0, 30, ALL)])
    workshop = meeting(consultation)
    with pytest.raises(ValidationError) as error:
        services.registration_create(meeting=workshop, user=cast.participant)
    assert "Registration for this consultation's meetings is not open" in messages_of(error)
    assert not Registration.objects.exists()


def test_registering_after_the_start_or_for_a_cancelled_meeting(consultation, cast):  # type: ignore[no-untyped-def]
    started = meeting(consultation, start=NOW - dt.timedelta(minutes=5))
    with pytest.raises(ValidationError, match="registration is closed"):
        services.registration_create(meeting=started, user=cast.participant)
    cancelled = services.meeting_cancel(meeting=meeting(consultation))
    with pytest.raises(ValidationError, match="This meeting has been cancelled"):
        services.registration_create(meeting=cancelled, user=cast.participant)
    assert not Registration.objects.exists()


def test_a_place_freed_by_an_erased_account_goes_to_the_first_waiting(consultation):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation, capacity=1)
    a, b, c = people(3)
    for user in (a, b):
        services.registration_create(meeting=workshop, user=user)
    account_erase(user=a)  # the registration goes with the account
    assert services.registration_create(meeting=workshop, user=c).status == "waiting"
    assert Registration.objects.get(user=b).status == "confirmed"


def test_registrations_are_in_the_personal_data_export(consultation, cast):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation)
    services.registration_create(meeting=workshop, user=cast.participant)
    rows = participation_of(cast.participant)["meeting_registrations"]
    assert [(r["meeting"], r["title"], r["status"]) for r in rows] == [
        (workshop.pk, "Open budget workshop", "confirmed")
    ]


def test_registrations_write_nothing_public(consultation, cast):  # type: ignore[no-untyped-def]
    workshop = meeting(consultation)
    before = RecordEntry.objects.count()
    services.registration_create(meeting=workshop, user=cast.participant)
    services.registration_cancel(meeting=workshop, user=cast.participant)
    assert RecordEntry.objects.count() == before


# --- cancelling and closing ---------------------------------------------------------------


def test_closing_before_the_start_or_without_minutes_is_refused(consultation):  # type: ignore[no-untyped-def]
    upcoming = meeting(consultation)
    with pytest.raises(ValidationError, match="has not started yet"):
        services.meeting_close(meeting=upcoming, minutes="Notes", attendees=3)
    held = meeting(consultation, start=T0)
    with pytest.raises(ValidationError) as error:
        services.meeting_close(meeting=held, minutes="  ", attendees=3)
    assert "Write the minutes before closing the meeting." in messages_of(error)
    held.refresh_from_db()
    assert held.status == MeetingStatus.SCHEDULED and held.minutes == ""


@pytest.mark.parametrize(
    ("attendees", "organisations", "message"),
    [
        (None, None, "Say how many people attended"),
        (-1, None, "Say how many people attended"),
        (3, 4, "more organisations than people"),
    ],
)
def test_closing_with_bad_counts_is_refused(consultation, attendees, organisations, message):  # type: ignore[no-untyped-def]
    held = meeting(consultation, start=T0)
    with pytest.raises(ValidationError) as error:
        services.meeting_close(
            meeting=held, minutes="Notes", attendees=attendees, organisations=organisations
        )
    assert message in messages_of(error)
    held.refresh_from_db()
    assert held.status == MeetingStatus.SCHEDULED


def test_closing_links_the_proposals_born_there(consultation, cast):  # type: ignore[no-untyped-def]
    held = meeting(consultation, start=T0)
    idea = proposal(consultation, cast.participant)
    elsewhere = proposal(open_consultation(), cast.participant, title="Elsewhere")
    with pytest.raises(ValidationError, match="proposals of this meeting's consultation"):
        services.meeting_close(meeting=held, minutes="x", attendees=2, proposals=[elsewhere])
    before = RecordEntry.objects.count()
    closed = services.meeting_close(
        meeting=held, minutes="We *agreed*.", attendees=12, organisations=3, proposals=[idea]
    )
    assert (closed.status, closed.attendees, closed.organisations) == ("closed", 12, 3)
    assert "<em>agreed</em>" in closed.minutes_html
    idea.refresh_from_db()
    assert idea.meeting == closed
    assert RecordEntry.objects.count() == before + 1
    entry = RecordEntry.objects.latest("sequence")
    assert entry.object_uri == closed.get_absolute_url()
    with pytest.raises(ValidationError, match="already been closed"):
        services.meeting_close(meeting=closed, minutes="Again", attendees=1)
    with pytest.raises(ValidationError, match="already been closed"):
        services.meeting_cancel(meeting=closed)
    with pytest.raises(ValidationError, match="registration is closed"):
        services.registration_create(meeting=closed, user=cast.cso_member)
