"""Progress reports: the government's, which update completion, and co-owners' shadow
reports. Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openplan.accounts.models import Organisation
from openplan.core.services import model_update
from openplan.plans.models import Commitment, Evidence, ProgressUpdate
from openplan.plans.states import CommitmentStatus


@transaction.atomic
def progress_report(
    *,
    commitment: Commitment,
    organisation: Organisation,
    author: Any,
    data: dict[str, Any],
    evidence_links: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> ProgressUpdate:
    """Report progress on a published commitment, or on one of its milestones.

    The government's report updates the commitment's completion; a co-owner's report is a
    shadow report shown beside it and changes nothing else. A source is always required.
    """
    if commitment.status != CommitmentStatus.PUBLISHED:
        raise ValidationError(_("Progress can be reported only on a published commitment."))
    milestone = data.get("milestone")
    if milestone is not None and milestone.commitment_id != commitment.pk:
        raise ValidationError({"milestone": _("This milestone belongs to another commitment.")})
    is_shadow = organisation != commitment.action_plan.member.government
    update = ProgressUpdate(
        commitment=commitment,
        milestone=milestone,
        organisation=organisation,
        author=author,
        reported_on=data["reported_on"],
        completion_before=commitment.completion,
        completion=data["completion"],
        percent=data.get("percent"),
        narrative=data["narrative"],
        source=data.get("source", "").strip(),
        is_shadow=is_shadow,
    )
    update.full_clean()
    update.save()
    for title, url in evidence_links:
        evidence = Evidence(update=update, title=title or url, url=url)
        evidence.full_clean()
        evidence.save()
    if not is_shadow:
        model_update(instance=commitment, data={"completion": data["completion"]})
        if milestone is not None:
            model_update(instance=milestone, data={"completion": data["completion"]})
    return update
