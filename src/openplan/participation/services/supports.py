"""Supports: one per person per proposal (a unique constraint), counted with ``supports_count +
1`` in the same transaction, and taken back the same way: the counter moves only when a row
did. On PostgreSQL a support is one statement (ADR 0012): the insert, which skips a row that
exists, and the counter's update, which happens only when the insert added one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.participation.models import Proposal, Support
from openplan.participation.phases import Action
from openplan.participation.services.common import require_action, retry_when_locked
from openplan.participation.states import ProposalStatus

# Both parts run in one statement, so in one transaction even in autocommit; the update sees
# the insert's RETURNING, so it adds one exactly when a row was added. A concurrent insert of the
# same pair waits for the other one and then finds the conflict. (Tables of Support, Proposal.)
INSERT_COUNTED = """
WITH new AS (
    INSERT INTO participation_support (proposal_id, user_id, created_at) VALUES (%s, %s, %s)
    ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id
), counted AS (
    UPDATE participation_proposal SET supports_count = supports_count + 1
    WHERE id = %s AND EXISTS (SELECT 1 FROM new)
)
SELECT id FROM new
"""


def _add_postgresql(proposal: Proposal, user: Any) -> Support | None:
    """One round trip, no savepoint; None when the person already supports it."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(INSERT_COUNTED, [proposal.pk, user.pk, now, proposal.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    return Support.from_db(
        connection.alias, ["id", "proposal_id", "user_id", "created_at"],
        [row[0], proposal.pk, user.pk, now],
    )  # fmt: skip


@transaction.atomic
def _add_atomic(proposal: Proposal, user: Any) -> Support | None:
    """The portable form (SQLite): the insert in a savepoint, then the counter."""
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        return None
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=F("supports_count") + 1)
    return support


@retry_when_locked
def support_add(*, proposal: Proposal, user: Any) -> Support:
    """Support the proposal. Supporting twice is refused by the database itself, so two
    simultaneous clicks count once."""
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
    if not proposal.is_visible:
        raise ValidationError(_("This proposal is hidden: it cannot be supported."), "hidden")
    require_action(proposal.consultation, Action.SUPPORT)
    if connection.vendor == "postgresql":
        support = _add_postgresql(proposal, user)
    else:
        support = _add_atomic(proposal, user)
    if support is None:
        raise ValidationError(_("You already support this proposal."), code="twice")
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
