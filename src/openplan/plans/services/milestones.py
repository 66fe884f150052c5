"""Adding, editing, ordering and deleting the milestones of a commitment. A change to a
published commitment's milestones keeps a ``CommitmentVersion`` (its snapshot lists the
milestones). Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openplan.accounts.models import Organisation
from openplan.core.services import model_update
from openplan.plans.models import Commitment, Milestone
from openplan.plans.services.commitments import keep_version
from openplan.plans.states import CommitmentStatus

MILESTONE_EDITABLE_FIELDS = ["title", "description", "due_date", "completed_on"]
UP, DOWN = "up", "down"


def _check_editable(commitment: Commitment) -> None:
    if commitment.status == CommitmentStatus.WITHDRAWN:
        raise ValidationError(
            _("The milestones of a withdrawn commitment cannot be changed."), code="withdrawn"
        )


def _outside(commitment: Commitment, day: dt.date) -> bool:
    start, end = commitment.start_date, commitment.end_date
    return bool((start and day < start) or (end and day > end))


def _dates_message(commitment: Commitment) -> str:
    return _(
        "This date lies outside the commitment's dates (%(start)s – %(end)s): the milestone "
        "must fall within the commitment."
    ) % {
        "start": date_format(commitment.start_date) if commitment.start_date else "…",
        "end": date_format(commitment.end_date) if commitment.end_date else "…",
    }


def _check(commitment: Commitment, data: dict[str, Any]) -> None:
    """Title required; dates within the commitment's; not completed in the future."""
    errors: dict[str, str] = {}
    if not (data.get("title") or "").strip():
        errors["title"] = _("Give the milestone a title.")
    for name in ("due_date", "completed_on"):
        if data.get(name) and _outside(commitment, data[name]):
            errors[name] = _dates_message(commitment)
    completed_on = data.get("completed_on")
    if "completed_on" not in errors and completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("A milestone cannot be completed on a date still to come.")
    if errors:
        raise ValidationError(errors, code="invalid_milestone")


def _changed(commitment: Commitment, organisation: Organisation | None) -> None:
    if commitment.status == CommitmentStatus.PUBLISHED:
        keep_version(commitment, organisation, ["milestones"])


def _editable(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in data.items() if k in MILESTONE_EDITABLE_FIELDS}
    if "title" in cleaned:
        cleaned["title"] = cleaned["title"].strip()
    return cleaned


@transaction.atomic
def milestone_create(
    *, commitment: Commitment, data: dict[str, Any], organisation: Organisation | None
) -> Milestone:
    """A new milestone, placed last. A due date is optional."""
    _check_editable(commitment)
    _check(commitment, data)
    last = commitment.milestones.aggregate(last=Max("position"))["last"]
    milestone = Milestone(
        commitment=commitment, position=0 if last is None else last + 1, **_editable(data)
    )
    milestone.full_clean()
    milestone.save()
    _changed(commitment, organisation)
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, data: dict[str, Any], organisation: Organisation | None
) -> Milestone:
    commitment = milestone.commitment
    _check_editable(commitment)
    current = {name: getattr(milestone, name) for name in MILESTONE_EDITABLE_FIELDS}
    _check(commitment, {**current, **data})
    milestone, changed = model_update(instance=milestone, data=_editable(data))
    if changed:
        _changed(commitment, organisation)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, organisation: Organisation | None) -> None:
    """Delete a milestone that has no progress report: reports are evidence and stay."""
    commitment = milestone.commitment
    _check_editable(commitment)
    if milestone.progress_updates.exists():
        raise ValidationError(
            _("This milestone has progress reports, so it is kept. Edit it instead."),
            code="has_reports",
        )
    milestone.delete()
    _changed(commitment, organisation)


@transaction.atomic
def milestone_move(
    *, milestone: Milestone, direction: str, organisation: Organisation | None
) -> Milestone:
    """Swap the milestone with its neighbour above or below. Positions are renumbered
    0, 1, 2… first, so imported milestones that share a position get a definite order."""
    commitment = milestone.commitment
    _check_editable(commitment)
    if direction not in (UP, DOWN):
        raise ValidationError(_("Move a milestone up or down."), code="bad_direction")
    ordered = list(commitment.milestones.select_for_update().order_by("position", "due_date", "pk"))
    index = next(i for i, m in enumerate(ordered) if m.pk == milestone.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(ordered):
        return milestone
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    Milestone.objects.bulk_update(ordered, ["position"])
    _changed(commitment, organisation)
    return ordered[other]
