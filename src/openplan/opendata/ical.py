"""iCalendar (RFC 5545) of public meetings: one meeting, or every meeting of a consultation
(a calendar people can subscribe to). Written by hand: TEXT values escaped (backslash,
semicolon, comma, line breaks), lines folded at 75 octets without splitting a character,
CRLF line ends, times in UTC. Who registered is never in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.generic import View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin, or_404
from openplan.participation import selectors
from openplan.participation.models import Consultation, Meeting
from openplan.participation.states import MeetingStatus

LINE_OCTETS = 75
CONTENT_TYPE = "text/calendar; charset=utf-8"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(raw, escaped)
    return value


def fold(line: str) -> str:
    """``line`` cut into pieces of at most 75 octets (UTF-8), each continuation starting
    with a space (§3.1), ended by CRLF."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces) + "\r\n"


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _base(request: HttpRequest) -> str:
    return settings.OPENPLAN_BASE_URL or request.build_absolute_uri("/").rstrip("/")


def meeting_event(meeting: Meeting, base: str) -> list[str]:
    """The VEVENT lines of a meeting (unfolded)."""
    host = base.split("://", 1)[-1].split("/", 1)[0] or "openplan"
    page = base + meeting.get_absolute_url()
    description = "\n\n".join(part for part in (meeting.agenda, meeting.online_url, page) if part)
    location = ", ".join(line.strip() for line in meeting.address.splitlines() if line.strip())
    where = location or meeting.online_url
    status = "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
    return [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{utc(meeting.updated_at)}",
        f"LAST-MODIFIED:{utc(meeting.updated_at)}",
        f"DTSTART:{utc(meeting.start)}",
        f"DTEND:{utc(meeting.end)}",
        f"SUMMARY:{escape_text(meeting.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        *([f"LOCATION:{escape_text(where)}"] if where else []),
        f"URL:{page}",
        f"STATUS:{status}",
        "END:VEVENT",
    ]


def calendar(meetings: Iterable[Meeting], *, name: str, base: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OpenPlan//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        lines += meeting_event(meeting, base)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body.encode(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


class MeetingCalendarView(PermissionRequiredMixin, View):
    """One public meeting (of a published or archived consultation)."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting: Meeting = or_404(lambda: selectors.meeting_list_public().get(pk=pk))
        body = calendar([meeting], name=meeting.title, base=_base(request))
        return _response(body, f"meeting-{pk}.ics")


class ConsultationCalendarView(PermissionRequiredMixin, View):
    """Every meeting of a public consultation, soonest first (cancelled ones marked so)."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        consultation: Consultation = or_404(
            lambda: Consultation.objects.get(pk=pk, status__in=selectors.PUBLIC_STATUSES)
        )
        meetings = selectors.meeting_list_public().filter(consultation=consultation)
        body = calendar(meetings, name=consultation.title, base=_base(request))
        return _response(body, f"consultation-{pk}-meetings.ics")
