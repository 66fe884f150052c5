"""Supports: one per person per proposal (a unique constraint), counted with F() in the same
transaction, and taken back the same way: the counter moves only when a row did."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from openplan.participation.models import Proposal, Support
from openplan.participation.phases import Action
from openplan.participation.services.common import require_action, retry_when_locked
from openplan.participation.states import ProposalStatus


@retry_when_locked
@transaction.atomic
def support_add(*, proposal: Proposal, user: Any) -> Support:
    """Support the proposal. Supporting twice is refused by the database itself, so two
    simultaneous clicks count once."""
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
    if not proposal.is_visible:
        raise ValidationError(_("This proposal is hidden: it cannot be supported."), "hidden")
    require_action(proposal.consultation, Action.SUPPORT)
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=user)
    except IntegrityError as error:
        raise ValidationError(_("You already support this proposal."), code="twice") from error
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
    return support


@retry_when_locked
@transaction.atomic
def support_remove(*, proposal: Proposal, user: Any) -> bool:
    """Take one's support back (while supporting is allowed). False if there was none."""
    require_action(proposal.consultation, Action.SUPPORT)
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") - 1)
    return bool(deleted)
