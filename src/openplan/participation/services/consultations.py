"""Opening consultations and their phases (coordinators of the member's government)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.core.text import markdown_to_html
from openplan.participation.models import Consultation, Phase
from openplan.participation.phases import Action
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
) -> Consultation:
    """A draft consultation on a member, an action plan or a commitment."""
    consultation = Consultation(title=title.strip(), description=description.strip())
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
    unknown = sorted(set(actions) - set(Action.values))
    if unknown:
        raise ValidationError(
            _("Unknown actions: %(actions)s.") % {"actions": ", ".join(unknown)}, code="actions"
        )
    if end <= start:
        raise ValidationError({"end": _("A phase must end after it starts.")}, code="order")
    phase = Phase(consultation=consultation, name=name, start=start, end=end, actions=actions)
    phase.full_clean()
    phase.save()
    if consultation.status != ConsultationStatus.DRAFT:
        record_consultation(consultation=consultation, kind=EntryKind.EDIT)
        notify_consultation(consultation=consultation, event="consultation.phase")
    return phase


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
    event = "published" if target == ConsultationStatus.PUBLISHED else "archived"
    notify_consultation(consultation=consultation, event=f"consultation.{event}")
    return consultation
