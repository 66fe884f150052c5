"""Proposals: submitted, edited while the phase allows, withdrawn by their author."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.core.text import markdown_to_html
from openplan.participation.language import language_detect
from openplan.participation.models import (
    BODY_MAX,
    TITLE_MAX,
    Comment,
    Consultation,
    Proposal,
)
from openplan.participation.phases import Action
from openplan.participation.services.common import check_text, require_action
from openplan.participation.services.notifications import notify_proposal
from openplan.participation.services.record import record_contribution
from openplan.participation.states import Moderation, ProposalStatus
from openplan.taxonomy.models import Concept


def first_contribution_held(author: Any) -> bool:
    """With OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION on, a person's first contribution waits
    for a moderator until one of theirs has been shown."""
    if not settings.OPENPLAN_PREMODERATE_FIRST_CONTRIBUTION:
        return False
    shown = Moderation.VISIBLE
    return not (
        Proposal.objects.filter(author=author, moderation=shown).exists()
        or Comment.objects.filter(author=author, moderation=shown).exists()
    )


def _checked(title: str, body: str) -> tuple[str, str]:
    return (
        check_text(title, field="title", max_length=TITLE_MAX),
        check_text(body, field="body", max_length=BODY_MAX),
    )


@transaction.atomic
def proposal_create(
    *,
    consultation: Consultation,
    author: Any,
    title: str,
    body: str,
    tags: Iterable[Concept] = (),
    is_demo: bool = False,
) -> Proposal:
    """Publish a proposal (or hold it for a moderator if it is the author's first)."""
    require_action(consultation, Action.PROPOSE)
    title, body = _checked(title, body)
    proposal = Proposal(
        consultation=consultation,
        author=author,
        title=title,
        body=body,
        body_html=markdown_to_html(body),
        language=language_detect(f"{title}\n{body}"),
        moderation=Moderation.PENDING if first_contribution_held(author) else Moderation.VISIBLE,
        is_demo=is_demo,
    )
    proposal.full_clean()
    proposal.save()
    proposal.tags.set(list(tags))
    if proposal.is_visible:
        record_contribution(obj=proposal, kind=EntryKind.PUBLICATION)
        notify_proposal(proposal=proposal, event="consultation.proposal", actor=author)
    return proposal


def _require_changeable(proposal: Proposal, actor: Any) -> None:
    if proposal.author_id is None or proposal.author_id != getattr(actor, "pk", None):
        raise ValidationError(_("Only its author can change a proposal."), code="author")
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
    if proposal.is_hidden:
        raise ValidationError(_("This proposal has been hidden by moderation."), code="hidden")


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, actor: Any, title: str, body: str, tags: Iterable[Concept] = ()
) -> Proposal:
    """Change a proposal's text and tags while a phase allows proposing."""
    _require_changeable(proposal, actor)
    require_action(proposal.consultation, Action.PROPOSE)
    title, body = _checked(title, body)
    proposal.title, proposal.body = title, body
    proposal.body_html = markdown_to_html(body)
    proposal.language = language_detect(f"{title}\n{body}")
    proposal.full_clean()
    proposal.save(update_fields=["title", "body", "body_html", "language", "updated_at"])
    proposal.tags.set(list(tags))
    if proposal.is_visible:
        record_contribution(obj=proposal, kind=EntryKind.EDIT)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: Any) -> Proposal:
    """The author takes the proposal back; it stays on the page, marked withdrawn, and can no
    longer be supported or commented on."""
    _require_changeable(proposal, actor)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    if proposal.is_visible:
        record_contribution(obj=proposal, kind=EntryKind.STATUS)
        notify_proposal(proposal=proposal, event="proposal.withdrawn", actor=actor)
    return proposal
