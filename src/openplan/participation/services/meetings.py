"""Meetings of a consultation: announced by its coordinators, cancelled, or closed once held
with the minutes, the attendance counts and the proposals born there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.core.text import markdown_to_html
from openplan.participation.models import (
    BODY_MAX,
    TITLE_MAX,
    Consultation,
    Meeting,
    MeetingKind,
    Proposal,
)
from openplan.participation.services.common import check_text
from openplan.participation.services.notifications import notify_in_consultation
from openplan.participation.services.record import record_meeting
from openplan.participation.states import (
    MEETING_TRANSITIONS,
    ConsultationStatus,
    MeetingStatus,
    Moderation,
)

MINUTES_MAX = BODY_MAX * 5


def _check_where(kind: str, address: str, online_url: str) -> None:
    """In person: a place and no link; online: a link and no place; hybrid: both."""
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose how people meet.")}, code="kind")
    needs_place = kind in (MeetingKind.IN_PERSON, MeetingKind.HYBRID)
    needs_link = kind in (MeetingKind.ONLINE, MeetingKind.HYBRID)
    if needs_place and not address:
        errors["address"] = _("Say where the meeting takes place.")
    if not needs_place and address:
        errors["address"] = _(
            "An online meeting has no place: choose “in person and online” to give both."
        )
    if needs_link and not online_url:
        errors["online_url"] = _("Give the link people use to join online.")
    if not needs_link and online_url:
        errors["online_url"] = _(
            "An in-person meeting has no link: choose “in person and online” to give both."
        )
    if online_url and not online_url.lower().startswith(("https://", "http://")):
        errors["online_url"] = _("The link must start with https:// or http://.")
    if errors:
        raise ValidationError(errors, code="where")


def _check_when_and_places(start: dt.datetime, end: dt.datetime, capacity: int | None) -> None:
    if end <= start:
        raise ValidationError({"end": _("A meeting must end after it starts.")}, code="order")
    if capacity is not None and capacity < 1:
        raise ValidationError(
            {"capacity": _("Give at least one place, or leave it empty for no limit.")},
            code="capacity",
        )


@transaction.atomic
def meeting_create(
    *,
    consultation: Consultation,
    kind: str,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    agenda: str = "",
    address: str = "",
    online_url: str = "",
    capacity: int | None = None,
    is_demo: bool = False,
) -> Meeting:
    """Announce a meeting of the consultation (public at once if the consultation is; a
    draft's meetings are recorded when it is published)."""
    if consultation.status == ConsultationStatus.ARCHIVED:
        raise ValidationError(_("An archived consultation takes no new meetings."), "archived")
    title = check_text(title, field="title", max_length=TITLE_MAX)
    agenda = check_text(agenda, field="agenda", max_length=BODY_MAX) if agenda.strip() else ""
    address, online_url = address.strip(), online_url.strip()
    _check_where(kind, address, online_url)
    _check_when_and_places(start, end, capacity)
    meeting = Meeting(
        consultation=consultation, kind=kind, title=title, agenda=agenda,
        agenda_html=markdown_to_html(agenda), start=start, end=end, address=address,
        online_url=online_url, capacity=capacity, is_demo=is_demo,
    )  # fmt: skip
    meeting.full_clean()
    meeting.save()
    if consultation.status != ConsultationStatus.DRAFT:
        record_meeting(meeting=meeting, kind=EntryKind.PUBLICATION)
        notify_in_consultation(obj=meeting, event="consultation.meeting")
    return meeting


def meeting_locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends (PostgreSQL; on SQLite the
    IMMEDIATE transaction already holds the only write lock): only the meeting, not its
    consultation."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=meeting.pk)
    )


def _require_transition(meeting: Meeting, target: str) -> None:
    if target not in MEETING_TRANSITIONS[meeting.status]:
        messages: dict[str, str] = {
            MeetingStatus.CLOSED: _("This meeting has already been closed."),
            MeetingStatus.CANCELLED: _("This meeting has been cancelled."),
        }
        message = messages.get(meeting.status, _("This meeting cannot move to that status."))
        raise ValidationError(message, code="status")


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    """Cancel a scheduled meeting. Registrations stay (their people see it is cancelled)."""
    meeting = meeting_locked(meeting)
    _require_transition(meeting, MeetingStatus.CANCELLED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    if meeting.consultation.status != ConsultationStatus.DRAFT:
        record_meeting(meeting=meeting, kind=EntryKind.STATUS)
    return meeting


def _check_counts(attendees: int | None, organisations: int | None) -> None:
    if attendees is None or attendees < 0:
        raise ValidationError(
            {"attendees": _("Say how many people attended (0 if nobody came).")}, "attendees"
        )
    if organisations is not None and not 0 <= organisations <= attendees:
        raise ValidationError(
            {"organisations": _("There cannot be more organisations than people who attended.")},
            code="organisations",
        )


def _born_there(meeting: Meeting, proposals: Iterable[Proposal]) -> list[int]:
    ids = sorted({p.pk for p in proposals})
    found = Proposal.objects.filter(
        pk__in=ids, consultation_id=meeting.consultation_id, moderation=Moderation.VISIBLE
    ).count()
    if found != len(ids):
        raise ValidationError(
            {"proposals": _("Choose shown proposals of this meeting's consultation.")},
            code="proposals",
        )
    return ids


@transaction.atomic
def meeting_close(
    *,
    meeting: Meeting,
    minutes: str,
    attendees: int | None,
    organisations: int | None = None,
    proposals: Iterable[Proposal] = (),
) -> Meeting:
    """Close a meeting that has started: its minutes (Markdown), how many people came and
    how many organisations they represented, and the proposals born there."""
    meeting = meeting_locked(meeting)
    _require_transition(meeting, MeetingStatus.CLOSED)
    if timezone.now() < meeting.start:
        raise ValidationError(
            _("A meeting can be closed once it has started: it has not started yet."), "early"
        )
    if not minutes.strip():
        raise ValidationError(
            {"minutes": _("Write the minutes before closing the meeting.")}, code="minutes"
        )
    minutes = check_text(minutes, field="minutes", max_length=MINUTES_MAX)
    _check_counts(attendees, organisations)
    ids = _born_there(meeting, proposals)
    meeting.status = MeetingStatus.CLOSED
    meeting.minutes, meeting.minutes_html = minutes, markdown_to_html(minutes)
    meeting.attendees, meeting.organisations = attendees, organisations
    meeting.save(
        update_fields=["status", "minutes", "minutes_html", "attendees", "organisations",
                       "updated_at"]
    )  # fmt: skip
    # updated_at moves too: the API's ``modified`` of these proposals now names the meeting.
    Proposal.objects.filter(pk__in=ids).update(meeting=meeting, updated_at=timezone.now())
    if meeting.consultation.status != ConsultationStatus.DRAFT:
        record_meeting(meeting=meeting, kind=EntryKind.STATUS)
    return meeting


def record_meetings_published(*, consultation: Consultation) -> None:
    """When a draft consultation is published, its meetings become public: one entry each."""
    for meeting in consultation.meetings.order_by("start", "pk"):
        record_meeting(meeting=meeting, kind=EntryKind.PUBLICATION)
