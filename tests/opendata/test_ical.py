"""iCalendar of meetings (RFC 5545), read back by an independent parser written here: CRLF line
ends, lines of at most 75 octets folded without breaking a character, TEXT escaping that
survives commas, semicolons, backslashes and line breaks, UTC times, one VEVENT per meeting,
cancelled ones marked; a draft consultation's meetings are not found; no names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from openplan.opendata.ical import escape_text, fold
from openplan.participation import services
from tests.participation.world import DAY, T0, WITH_MEETINGS, meeting, member_and_plan
from tests.participation.world import open_consultation as _open

pytestmark = pytest.mark.django_db
TRICKY = 'Budget, roads; and \\ the "river" — ñandú 🚲 ' * 3


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(body: bytes) -> list[dict[str, str]]:
    """The components of a calendar as {property: value}, after checking the line rules."""
    assert body.endswith(b"\r\n")
    physical = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical), max(map(len, physical))
    assert not any(b"\n" in line or b"\r" in line for line in physical)
    for line in physical:
        line.decode()  # folding never splits a character
    logical: list[str] = []
    for line in physical:
        text = line.decode()
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    components: list[dict[str, str]] = []
    for line in logical:
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            components.append({"BEGIN": value})
        elif name != "END":
            components[-1][name] = unescape(value) if name in TEXT else value
    return components


TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME"}


def test_escaping_and_folding_round_trip() -> None:
    line = "SUMMARY:" + escape_text(TRICKY + "line\r\nbreak")
    folded = fold(line).encode()
    [component] = parse(b"BEGIN:VEVENT\r\n" + folded)
    assert component["SUMMARY"] == TRICKY + "line\nbreak"
    assert folded.count(b"\r\n ") >= 2  # it was long enough to fold


@pytest.fixture
def consultation(cast):  # type: ignore[no-untyped-def]
    with time_machine.travel(T0 + DAY, tick=False):
        return _open(phases=[("Open", 0, 30, WITH_MEETINGS)])


def test_one_meeting(client, consultation, cast):  # type: ignore[no-untyped-def]
    with time_machine.travel(T0 + DAY, tick=False):
        workshop = meeting(consultation, title=TRICKY, address="Town hall\nRoom 2, first floor",
                           agenda="1. Welcome; 2. Roads, rivers", capacity=3)  # fmt: skip
        services.registration_create(meeting=workshop, user=cast.participant)
    response = client.get(f"/consultations/meetings/{workshop.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, event = parse(response.content)
    assert calendar["BEGIN"] == "VCALENDAR" and calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] and event["BEGIN"] == "VEVENT"
    assert event["SUMMARY"] == TRICKY.strip()  # the service strips titles
    assert event["UID"] == f"meeting-{workshop.pk}@testserver"
    assert event["DTSTART"] == "20260306T090000Z" and event["DTEND"] == "20260306T110000Z"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
    assert event["LOCATION"] == "Town hall, Room 2, first floor"
    assert event["DESCRIPTION"].startswith("1. Welcome; 2. Roads, rivers\n\n")
    assert event["URL"] == f"http://testserver{workshop.get_absolute_url()}"
    assert event["STATUS"] == "CONFIRMED"
    assert cast.participant.email.encode() not in response.content


def test_a_consultations_meetings_and_a_cancelled_one(client, consultation, settings):  # type: ignore[no-untyped-def]
    settings.OPENPLAN_BASE_URL = "https://openplan.example"
    link = "https://meet.example.org/a"
    with time_machine.travel(T0 + DAY, tick=False):
        first = meeting(consultation, kind="online", address="", online_url=link)
        second = meeting(consultation, start=T0 + 9 * DAY, title="Second")
        services.meeting_cancel(meeting=second)
    url = reverse("opendata:consultation_meetings_ical", args=[consultation.pk])
    assert url == f"/consultations/{consultation.pk}/meetings.ics"
    calendar, *events = parse(client.get(url).content)
    assert calendar["NAME"] == consultation.title
    assert [e["UID"] for e in events] == [
        f"meeting-{first.pk}@openplan.example",
        f"meeting-{second.pk}@openplan.example",
    ]
    assert events[0]["LOCATION"] == link and link in events[0]["DESCRIPTION"]
    assert [e["STATUS"] for e in events] == ["CONFIRMED", "CANCELLED"]


def test_a_drafts_meetings_are_not_found(client, cast):  # type: ignore[no-untyped-def]
    _member, plan = member_and_plan()
    draft = services.consultation_create(subject=plan, title="Draft")
    workshop = meeting(draft, start=T0 + dt.timedelta(days=3))
    assert client.get(f"/consultations/meetings/{workshop.pk}.ics").status_code == 404
    assert client.get(f"/consultations/{draft.pk}/meetings.ics").status_code == 404
