"""The government's reasoned response to a proposal."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openplan.core.text import markdown_to_html
from openplan.participation.models import BODY_MAX, Proposal, Response, ResponseKind
from openplan.participation.services.common import check_text
from openplan.participation.services.notifications import notify_proposal
from openplan.participation.services.record import record_response
from openplan.plans.models import Commitment


@transaction.atomic
def response_set(
    *, proposal: Proposal, kind: str, reason: str, commitments: Iterable[Commitment] = ()
) -> Response:
    """Answer (or change the answer to) a proposal, with the reason and, for an accepted
    one, the commitments it became."""
    if kind not in ResponseKind.values:
        raise ValidationError({"kind": _("Choose an answer.")}, code="kind")
    reason = check_text(reason, field="reason", max_length=BODY_MAX)
    commitments = list(commitments)
    if commitments and kind not in (ResponseKind.ACCEPTED, ResponseKind.PARTLY,
                                    ResponseKind.ALREADY_PLANNED):  # fmt: skip
        raise ValidationError(
            {"commitments": _("Link commitments only to an accepted or planned proposal.")},
            code="commitments",
        )
    government = proposal.consultation.member.government
    response, _created = Response.objects.update_or_create(
        proposal=proposal,
        defaults={
            "kind": kind,
            "reason": reason,
            "reason_html": markdown_to_html(reason),
            "organisation_name": government.name if government else "",
        },
    )
    response.commitments.set(commitments)
    record_response(response=response)
    notify_proposal(proposal=proposal, event="proposal.response")
    return response
