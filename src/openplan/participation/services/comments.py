"""Comments on proposals, and replies to comments at any depth."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.core.text import markdown_to_html
from openplan.participation.models import COMMENT_MAX, Comment, Proposal
from openplan.participation.phases import Action
from openplan.participation.services.common import check_text, require_action, retry_when_locked
from openplan.participation.services.notifications import notify_comment
from openplan.participation.services.proposals import first_contribution_held
from openplan.participation.services.record import record_contribution
from openplan.participation.states import Moderation, ProposalStatus


def _require_open(proposal: Proposal, parent: Comment | None) -> None:
    if not proposal.is_visible:
        raise ValidationError(_("This proposal is hidden: it cannot be commented on."), "hidden")
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
    if parent is not None and parent.proposal_id != proposal.pk:
        raise ValidationError(_("That comment belongs to another proposal."), code="parent")
    if parent is not None and not parent.is_visible:
        raise ValidationError(_("This comment is hidden: it cannot be replied to."), "hidden")


@retry_when_locked
@transaction.atomic
def comment_create(
    *, proposal: Proposal, author: Any, body: str, parent: Comment | None = None
) -> Comment:
    """A comment (a reply when ``parent`` is given). A shown comment counts at once, in the
    same transaction; one held for a moderator counts once approved."""
    _require_open(proposal, parent)
    require_action(proposal.consultation, Action.COMMENT)
    body = check_text(body, field="body", max_length=COMMENT_MAX)
    comment = Comment(
        proposal=proposal,
        parent=parent,
        author=author,
        body=body,
        body_html=markdown_to_html(body),
        moderation=Moderation.PENDING if first_contribution_held(author) else Moderation.VISIBLE,
    )
    comment.full_clean()
    comment.save()
    if comment.is_visible:
        count_comment(proposal_id=proposal.pk, delta=1)
        record_contribution(obj=comment, kind=EntryKind.PUBLICATION)
        notify_comment(comment=comment)
    return comment


def count_comment(*, proposal_id: int, delta: int) -> None:
    Proposal.objects.filter(pk=proposal_id).update(comments_count=F("comments_count") + delta)
