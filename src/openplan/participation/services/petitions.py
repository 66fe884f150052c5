"""Petitions: started by a participant while a phase allows it, held until a moderator
approves them (``content_approve``), answered by the responsible organisation; reaching the
threshold sets the answer's deadline, once, whatever the races."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openplan.core.tasks import email_send
from openplan.core.text import markdown_to_html
from openplan.participation.language import language_detect
from openplan.participation.models import (
    BODY_MAX,
    TITLE_MAX,
    Consultation,
    Petition,
    PetitionAnswer,
)
from openplan.participation.phases import Action
from openplan.participation.services.common import check_text, require_action
from openplan.participation.services.notifications import notify_in_consultation
from openplan.participation.services.record import record_petition_answer, record_petition_reached
from openplan.participation.states import Moderation


@transaction.atomic
def petition_create(
    *, consultation: Consultation, author: Any, title: str, body: str, is_demo: bool = False
) -> Petition:
    """A petition, held for a moderator (it becomes public once approved: ``content_approve``
    records it then). Its threshold is the consultation's, else OPENPLAN_PETITION_THRESHOLD."""
    require_action(consultation, Action.PETITION)
    title = check_text(title, field="title", max_length=TITLE_MAX)
    body = check_text(body, field="body", max_length=BODY_MAX)
    petition = Petition(
        consultation=consultation,
        author=author,
        title=title,
        body=body,
        body_html=markdown_to_html(body),
        language=language_detect(f"{title}\n{body}"),
        threshold=consultation.petition_threshold or settings.OPENPLAN_PETITION_THRESHOLD,
        moderation=Moderation.PENDING,
        is_demo=is_demo,
    )
    petition.full_clean()
    petition.save()
    return petition


def petition_reach_threshold(*, petition_id: int) -> bool:
    """Mark the petition as having reached its threshold if its confirmed count says so and it
    was not marked yet: set the time and the answer's due date, record it and tell the
    organisation's coordinators. One conditional UPDATE, so racing confirmations mark it once.
    Call inside the transaction that moved the count. True if it was marked now."""
    now = timezone.now()
    due = now + dt.timedelta(days=settings.OPENPLAN_PETITION_ANSWER_DAYS)
    marked = Petition.objects.filter(
        pk=petition_id, threshold_reached_at__isnull=True, signatures_count__gte=F("threshold")
    ).update(threshold_reached_at=now, answer_due=due)
    if not marked:
        return False
    petition = Petition.objects.select_related("consultation__member__government").get(
        pk=petition_id
    )
    record_petition_reached(petition=petition)
    notify_in_consultation(obj=petition, event="petition.threshold")
    transaction.on_commit(lambda: _tell_the_organisation(petition))
    return True


def _tell_the_organisation(petition: Petition) -> None:
    """Email the coordinators of the member's government: they owe an answer by a date."""
    from openplan.accounts.models import MembershipRole

    government = petition.consultation.member.government
    if government is None:
        return
    url = settings.SITE_URL + petition.get_absolute_url()
    for membership in government.memberships.filter(role=MembershipRole.COORDINATOR).select_related(
        "user"
    ):
        user = membership.user
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {"petition": petition, "url": url, "site_name": settings.OPENPLAN_SITE_NAME,
                       "organisation": government.name}  # fmt: skip
            subject = render_to_string(
                "participation/email/petition_reached_subject.txt", context
            ).strip()
            body = render_to_string("participation/email/petition_reached_message.txt", context)
        email_send.enqueue(subject=subject, body=body, to=[user.email])


@transaction.atomic
def petition_answer_set(*, petition: Petition, text: str) -> PetitionAnswer:
    """The responsible organisation answers (or changes its answer to) a public petition."""
    if petition.moderation != Moderation.VISIBLE:
        raise ValidationError(_("Only a public, shown petition can be answered."), code="state")
    text = check_text(text, field="text", max_length=BODY_MAX)
    government = petition.consultation.member.government
    answer, _created = PetitionAnswer.objects.update_or_create(
        petition=petition,
        defaults={
            "text": text,
            "text_html": markdown_to_html(text),
            "organisation_name": government.name if government else "",
        },
    )
    record_petition_answer(answer=answer)
    notify_in_consultation(obj=petition, event="petition.answered")
    return answer
