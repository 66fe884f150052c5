"""Opening consultations and their phases (coordinators of the member's government). Phases
of a public consultation change only forward in time (``_check_history``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.core.text import markdown_to_html
from openplan.participation.models import Consultation, Phase
from openplan.participation.phases import Action
from openplan.participation.services.meetings import record_meetings_published
from openplan.participation.services.notifications import notify_consultation
from openplan.participation.services.record import record_consultation
from openplan.participation.states import CONSULTATION_TRANSITIONS, ConsultationStatus
from openplan.plans.models import ActionPlan, Commitment, Member


@transaction.atomic
def consultation_create(
    *,
    subject: Member | ActionPlan | Commitment,
    title: str,
    description: str = "",
    is_demo: bool = False,
    petition_threshold: int | None = None,
) -> Consultation:
    """A draft consultation on a member, an action plan or a commitment; ``petition_threshold``
    (None: OPENPLAN_PETITION_THRESHOLD) is the signatures a petition of it needs."""
    consultation = Consultation(
        title=title.strip(), description=description.strip(), petition_threshold=petition_threshold
    )
    if isinstance(subject, Commitment):
        consultation.commitment = subject
        consultation.action_plan = None
        consultation.member = subject.action_plan.member
    elif isinstance(subject, ActionPlan):
        consultation.action_plan = subject
        consultation.member = subject.member
    else:
        consultation.member = subject
    consultation.description_html = markdown_to_html(consultation.description)
    consultation.is_demo = is_demo
    consultation.full_clean()
    consultation.save()
    return consultation


def _check_phase(
    consultation: Consultation, start: dt.datetime, end: dt.datetime, actions: list[str]
) -> None:
    if consultation.status == ConsultationStatus.ARCHIVED:
        raise ValidationError(_("The phases of an archived consultation stay as they were."),
                              code="archived")  # fmt: skip
    unknown = sorted(set(actions) - set(Action.values))
    if unknown:
        raise ValidationError(
            _("Unknown actions: %(actions)s.") % {"actions": ", ".join(unknown)}, code="actions"
        )
    if end <= start:
        raise ValidationError({"end": _("A phase must end after it starts.")}, code="order")


def _check_history(phase: Phase | None, start: dt.datetime, end: dt.datetime,
                   actions: list[str]) -> None:  # fmt: skip
    """Once a consultation is public, what it allowed in the past stays true: a phase that
    has ended is kept as it was; one that has started keeps its start and actions and may
    end now or later; a new or future phase cannot start in the past."""
    if phase is None or phase.consultation.status == ConsultationStatus.DRAFT:
        return
    now = timezone.now()
    if phase.pk is not None and phase.end <= now:
        raise ValidationError(_("A phase that has ended cannot be changed."), code="ended")
    if phase.pk is not None and phase.start <= now:
        if start != phase.start or sorted(actions) != sorted(phase.actions):
            raise ValidationError(
                _("A phase that has started keeps its start and what it allows; "
                  "only its end can move."), code="started",
            )  # fmt: skip
        if end < now:
            raise ValidationError({"end": _("A phase cannot end in the past.")}, code="past")
    elif start < now:
        raise ValidationError(
            {"start": _("A phase of a public consultation cannot start in the past.")},
            code="past",
        )


def _same_minute(stored: dt.datetime, given: dt.datetime) -> dt.datetime:
    """The stored time if ``given`` is it cut to the minute (the form's precision), so that
    saving a phase unchanged does not move a start or end set to the second."""
    return stored if given == stored.replace(second=0, microsecond=0) else given


def _phases_changed(consultation: Consultation) -> None:
    """The consultation's ``updated_at`` moves with its phases (the API's ``modified`` and
    ETag depend on it); a public one gets a record entry."""
    consultation.save(update_fields=["updated_at"])
    if consultation.status != ConsultationStatus.DRAFT:
        record_consultation(consultation=consultation, kind=EntryKind.EDIT)
        notify_consultation(consultation=consultation, event="consultation.phase")


@transaction.atomic
def phase_add(
    *,
    consultation: Consultation,
    name: str,
    start: dt.datetime,
    end: dt.datetime,
    actions: list[str],
) -> Phase:
    """A phase ``[start, end)`` allowing ``actions`` (values of ``Action``)."""
    _check_phase(consultation, start, end, actions)
    phase = Phase(consultation=consultation, name=name, start=start, end=end, actions=actions)
    _check_history(phase, start, end, actions)
    phase.full_clean()
    phase.save()
    _phases_changed(consultation)
    return phase


@transaction.atomic
def phase_update(
    *, phase: Phase, name: str, start: dt.datetime, end: dt.datetime, actions: list[str]
) -> Phase:
    """Change a phase, within the rules of ``_check_history``."""
    consultation = phase.consultation
    start, end = _same_minute(phase.start, start), _same_minute(phase.end, end)
    _check_phase(consultation, start, end, actions)
    _check_history(phase, start, end, actions)
    phase.name, phase.start, phase.end, phase.actions = name, start, end, actions
    phase.full_clean()
    phase.save()
    _phases_changed(consultation)
    return phase


@transaction.atomic
def phase_delete(*, phase: Phase) -> None:
    """Delete a phase that has not started (any phase of a draft); a public consultation
    keeps at least one phase."""
    consultation = phase.consultation
    if consultation.status == ConsultationStatus.ARCHIVED:
        raise ValidationError(_("The phases of an archived consultation stay as they were."),
                              code="archived")  # fmt: skip
    if consultation.status != ConsultationStatus.DRAFT:
        if phase.start <= timezone.now():
            raise ValidationError(
                _("A phase that has started cannot be deleted; you can end it now."),
                code="started",
            )
        if consultation.phases.count() == 1:
            raise ValidationError(_("A public consultation keeps at least one phase."), "last")
    phase.delete()
    _phases_changed(consultation)


@transaction.atomic
def consultation_transition(*, consultation: Consultation, target: str) -> Consultation:
    """Publish a draft (it becomes public with its phases) or archive a published one."""
    if target not in CONSULTATION_TRANSITIONS[consultation.status]:
        raise ValidationError(_("This consultation cannot move to that status."), code="status")
    if target == ConsultationStatus.PUBLISHED and not consultation.phases.exists():
        raise ValidationError(_("Add at least one phase before publishing."), code="no_phase")
    consultation.status = target
    consultation.save(update_fields=["status", "updated_at"])
    kind = EntryKind.PUBLICATION if target == ConsultationStatus.PUBLISHED else EntryKind.STATUS
    record_consultation(consultation=consultation, kind=kind)
    if target == ConsultationStatus.PUBLISHED:
        record_meetings_published(consultation=consultation)
    event = "published" if target == ConsultationStatus.PUBLISHED else "archived"
    notify_consultation(consultation=consultation, event=f"consultation.{event}")
    return consultation
