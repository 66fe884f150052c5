"""Flags from anyone signed in; moderators hide with a public reason, restore, and approve a
new account's first contribution. Every act goes to the public moderation log and the public
record, and keeps the comment counter in step, all in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.participation.models import (
    REASON_MAX,
    Comment,
    Flag,
    ModerationAct,
    ModerationEntry,
    Petition,
    Proposal,
)
from openplan.participation.services.comments import count_comment
from openplan.participation.services.notifications import (
    notify_comment,
    notify_in_consultation,
    notify_proposal,
)
from openplan.participation.services.record import record_contribution, record_moderation
from openplan.participation.states import MODERATION_TRANSITIONS, Moderation

Contribution = Proposal | Comment | Petition


@transaction.atomic
def flag_create(*, user: Any, target: Contribution, reason: str = "") -> Flag:
    """Ask the moderators to look. Flagging the same thing twice keeps one flag."""
    flag, created = Flag.objects.get_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        defaults={"reason": reason.strip()[:REASON_MAX]},
    )
    if not created and flag.resolved:
        flag.resolved = False
        flag.save(update_fields=["resolved"])
    return flag


def _move(target: Contribution, to: str, reason: str) -> str:
    """Change the moderation state; returns the state it had."""
    before = target.moderation
    if to not in MODERATION_TRANSITIONS[before]:
        raise ValidationError(_("This contribution is already in that state."), code="state")
    target.moderation, target.moderation_reason = to, reason
    target.save(update_fields=["moderation", "moderation_reason", "updated_at"])
    if isinstance(target, Comment):  # only shown comments count
        delta = int(to == Moderation.VISIBLE) - int(before == Moderation.VISIBLE)
        if delta:
            count_comment(proposal_id=target.proposal_id, delta=delta)
    Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).update(resolved=True)
    return before


def _log(target: Contribution, act: str, reason: str, moderator: Any) -> None:
    ModerationEntry.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        act=act,
        reason=reason,
        moderator=moderator,
        object_url=target.get_absolute_url(),
    )


@transaction.atomic
def content_hide(*, target: Contribution, moderator: Any, reason: str) -> Contribution:
    """Hide a proposal, comment or petition; the page shows "hidden by moderation: <reason>"."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the public reason for hiding it.")}, "required")
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Please keep the reason short.")}, code="too_long")
    _move(target, Moderation.HIDDEN, reason)
    _log(target, ModerationAct.HIDE, reason, moderator)
    record_moderation(obj=target)
    if isinstance(target, Proposal):
        notify_proposal(proposal=target, event="proposal.hidden", actor=moderator)
    return target


@transaction.atomic
def content_restore(*, target: Contribution, moderator: Any, reason: str = "") -> Contribution:
    """Show a hidden contribution again."""
    if target.moderation != Moderation.HIDDEN:
        raise ValidationError(_("Only hidden contributions can be restored."), code="state")
    _move(target, Moderation.VISIBLE, "")
    _log(target, ModerationAct.RESTORE, reason.strip()[:REASON_MAX], moderator)
    record_moderation(obj=target)
    if isinstance(target, Proposal):
        notify_proposal(proposal=target, event="proposal.restored", actor=moderator)
    return target


@transaction.atomic
def content_approve(*, target: Contribution, moderator: Any) -> Contribution:
    """Show a held contribution (a first one, or any petition): it is published now."""
    if target.moderation != Moderation.PENDING:
        raise ValidationError(_("This contribution is not waiting for a moderator."), "state")
    _move(target, Moderation.VISIBLE, "")
    _log(target, ModerationAct.APPROVE, "", moderator)
    record_contribution(obj=target, kind=EntryKind.PUBLICATION)
    if isinstance(target, Proposal):
        notify_proposal(proposal=target, event="consultation.proposal", actor=target.author)
    elif isinstance(target, Petition):
        notify_in_consultation(obj=target, event="consultation.petition", actor=target.author)
    else:
        notify_comment(comment=target)
    return target
