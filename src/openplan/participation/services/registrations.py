"""Registrations for a meeting: a confirmed place while there are places, then the waiting
list in order; a confirmed person who cancels hands their place to the first one waiting.

Every write locks the meeting's row first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite
the IMMEDIATE transaction holds the single write lock), so two people never take the last
place together: the number of confirmed places never exceeds the capacity. One registration
per person and meeting is the database's own rule."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.participation.models import Meeting, Registration
from openplan.participation.phases import Action
from openplan.participation.services.common import require_action, retry_when_locked
from openplan.participation.services.meetings import meeting_locked
from openplan.participation.states import MeetingStatus, RegistrationStatus


def _require_upcoming(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled."), code="cancelled")
    if meeting.status == MeetingStatus.CLOSED or timezone.now() >= meeting.start:
        raise ValidationError(
            _("This meeting has started or taken place: registration is closed."), code="started"
        )


def fill_places(meeting: Meeting) -> list[int]:
    """Give the free places, if any, to the first people waiting; returns their ids.
    Should be called while holding the meeting's lock."""
    waiting = Registration.objects.filter(meeting=meeting, status=RegistrationStatus.WAITING)
    if meeting.capacity is None:
        promoted = list(waiting.values_list("pk", flat=True))
    else:
        confirmed = Registration.objects.filter(
            meeting=meeting, status=RegistrationStatus.CONFIRMED
        ).count()
        free = max(meeting.capacity - confirmed, 0)
        promoted = list(waiting.order_by("pk").values_list("pk", flat=True)[:free]) if free else []
    if promoted:
        Registration.objects.filter(pk__in=promoted).update(status=RegistrationStatus.CONFIRMED)
    return promoted


@retry_when_locked
@transaction.atomic
def registration_create(*, meeting: Meeting, user: Any) -> Registration:
    """Register for an upcoming meeting while a phase allows attending: a confirmed place if
    one is free, else the end of the waiting list. Registering twice is refused."""
    meeting = meeting_locked(meeting)
    _require_upcoming(meeting)
    require_action(meeting.consultation, Action.ATTEND)
    existing = Registration.objects.filter(meeting=meeting, user=user).first()
    if existing is not None:
        raise ValidationError(_already_message(existing), code="twice")
    fill_places(meeting)  # places freed by an erased account go to those waiting first
    status = RegistrationStatus.CONFIRMED
    if meeting.capacity is not None and meeting.capacity <= (
        Registration.objects.filter(meeting=meeting, status=RegistrationStatus.CONFIRMED).count()
    ):
        status = RegistrationStatus.WAITING
    try:
        with transaction.atomic():
            return Registration.objects.create(meeting=meeting, user=user, status=status)
    except IntegrityError as error:  # the same person, in another tab, a moment earlier
        raise ValidationError(_("You are already registered for this meeting."), "twice") from error


def _already_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITING:
        return _("You are already on the waiting list of this meeting.")
    return _("You are already registered for this meeting.")


@retry_when_locked
@transaction.atomic
def registration_cancel(*, meeting: Meeting, user: Any) -> bool:
    """Give up one's place (or place on the waiting list) before the meeting starts; a freed
    place goes to the first person waiting. False if the person was not registered."""
    meeting = meeting_locked(meeting)
    if meeting.status == MeetingStatus.SCHEDULED and timezone.now() >= meeting.start:
        raise ValidationError(
            _("This meeting has started or taken place: registration is closed."), code="started"
        )
    deleted, _rows = Registration.objects.filter(meeting=meeting, user=user).delete()
    if deleted and meeting.status == MeetingStatus.SCHEDULED:
        fill_places(meeting)
    return bool(deleted)
