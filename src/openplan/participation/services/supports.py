"""Supports: one per person per proposal (a unique constraint), counted with ``supports_count +
1`` in the same transaction, and taken back the same way: the counter moves only when a row
did. On PostgreSQL a support is one statement (ADR 0012): the insert, made only while a phase
allows supporting and skipped when the row exists, and the counter's update, made only when
the insert added a row."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.participation.models import Proposal, Support
from openplan.participation.phases import Action
from openplan.participation.services.common import (
    require_action,
    require_published,
    retry_when_locked,
)
from openplan.participation.states import ProposalStatus

# One statement, so one transaction even in autocommit. The insert happens only while a phase
# of the consultation allows supporting (checked by the database at the same instant), and is
# skipped when the person already supports it; the update sees the insert's RETURNING, so the
# counter adds one exactly when a row was added. A concurrent insert of the same pair waits for
# the other one and then finds the conflict. (Tables of Support, Proposal and Phase.)
INSERT_COUNTED = """
WITH new AS (
    INSERT INTO participation_support (proposal_id, user_id, created_at)
    SELECT %(proposal)s, %(user)s, %(now)s
    WHERE EXISTS (
        SELECT 1 FROM participation_phase
        WHERE consultation_id = %(consultation)s AND "start" <= %(now)s AND "end" > %(now)s
        AND actions @> %(action)s::jsonb
    )
    ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id
), counted AS (
    UPDATE participation_proposal SET supports_count = supports_count + 1
    WHERE id = %(proposal)s AND EXISTS (SELECT 1 FROM new)
)
SELECT id FROM new
"""


def _add_postgresql(proposal: Proposal, user: Any) -> Support | None:
    """One round trip, no savepoint; None when no phase allows supporting now or the person
    already supports it."""
    now = timezone.now()
    params = {
        "proposal": proposal.pk, "user": user.pk, "now": now,
        "consultation": proposal.consultation_id, "action": json.dumps([Action.SUPPORT.value]),
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(INSERT_COUNTED, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return Support.from_db(
        connection.alias, ["id", "proposal_id", "user_id", "created_at"],
        [row[0], proposal.pk, user.pk, now],
    )  # fmt: skip


@transaction.atomic
def _add_atomic(proposal: Proposal, user: Any) -> Support | None:
    """The portable form (SQLite): the phase check, the insert in a savepoint, then the
    counter, in one transaction (a read outside it would meet the writers' table locks of the
    shared-cache database and be retried over and over)."""
    require_action(proposal.consultation, Action.SUPPORT)
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
    if connection.vendor == "postgresql":
        require_published(proposal.consultation, Action.SUPPORT)
        support = _add_postgresql(proposal, user)  # checks the phases itself
        if support is None:  # a closed phase explains itself; else it was a second support
            require_action(proposal.consultation, Action.SUPPORT)
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
