"""Drafting, editing, submitting and publishing commitments, with a version kept for every
published state. Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from openplan.accounts.models import Organisation
from openplan.core.services import model_update
from openplan.plans.models import ActionPlan, Commitment, CommitmentVersion
from openplan.plans.services.record import commitment_changed, record_commitment
from openplan.plans.states import COMMITMENT_TRANSITIONS, CommitmentStatus, check_transition

EDITABLE_FIELDS = [
    "title", "short_title", "problem", "description", "contribution", "relevance",
    "start_date", "end_date", "lead_institution", "supporting_institutions", "budget", "links",
]  # fmt: skip
SNAPSHOT_FIELDS = ["identifier", "status", *EDITABLE_FIELDS]
MILESTONE_SNAPSHOT_FIELDS = ["title", "due_date", "completed_on", "completion"]


def _next_identifier(plan: ActionPlan) -> str:
    prefix = plan.member.code.replace("-", "")
    taken = set(
        Commitment.objects.filter(identifier__startswith=prefix).values_list(
            "identifier", flat=True
        )
    )
    number = 1
    while f"{prefix}{number:04}" in taken:
        number += 1
    return f"{prefix}{number:04}"


def _check_dates(data: dict[str, Any]) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError(
            {"end_date": _("The end date must not be before the start date.")},
            code="end_before_start",
        )


@transaction.atomic
def commitment_create(*, action_plan: ActionPlan, data: dict[str, Any]) -> Commitment:
    """A new draft commitment in ``action_plan`` with an OGP-style identifier."""
    _check_dates(data)
    commitment = Commitment(
        action_plan=action_plan,
        identifier=_next_identifier(action_plan),
        status=CommitmentStatus.DRAFT,
        **{name: value for name, value in data.items() if name in EDITABLE_FIELDS},
    )
    commitment.full_clean()
    commitment.save()
    if "tags" in data:
        commitment.tags.set(data["tags"])
    return commitment


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, data: dict[str, Any], organisation: Organisation | None
) -> Commitment:
    """Change a commitment's text. A change to a published commitment keeps a version."""
    if commitment.status == CommitmentStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn commitment cannot be edited."), code="withdrawn")
    _check_dates({**{f: getattr(commitment, f) for f in EDITABLE_FIELDS}, **data})
    commitment, changed = model_update(
        instance=commitment, data={k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    )
    if "tags" in data and {t.pk for t in data["tags"]} != {t.pk for t in commitment.tags.all()}:
        commitment.tags.set(data["tags"])
        changed = [*changed, "tags"]
    if changed and commitment.status == CommitmentStatus.PUBLISHED:
        keep_version(commitment, organisation, changed)
    return commitment


@transaction.atomic
def commitment_transition(
    *, commitment: Commitment, target: str, organisation: Organisation | None
) -> Commitment:
    """Move along the lifecycle of ``states.COMMITMENT_TRANSITIONS`` (submit, publish, …)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    check_transition(COMMITMENT_TRANSITIONS, commitment.status, target)
    commitment.status = target
    commitment.save(update_fields=["status", "updated_at"])
    if target in (CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN):
        keep_version(commitment, organisation, ["status"])
    return commitment


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def commitment_snapshot(commitment: Commitment) -> dict[str, Any]:
    """The public state of a commitment as JSON: its text fields and its milestones, in order."""
    snapshot = {name: _plain(getattr(commitment, name)) for name in SNAPSHOT_FIELDS}
    snapshot["milestones"] = [
        {name: _plain(value) for name, value in row.items()}
        for row in commitment.milestones.order_by("position", "due_date", "pk").values(
            *MILESTONE_SNAPSHOT_FIELDS
        )
    ]
    tags = commitment.tags.select_related("scheme").order_by("scheme__slug", "notation")
    snapshot["tags"] = [f"{tag.scheme.slug}:{tag.notation}" for tag in tags]
    return snapshot


def keep_version(
    commitment: Commitment, organisation: Organisation | None, changed: list[str]
) -> CommitmentVersion:
    """Keep the commitment's current public state as its next version, and append the change
    to the public record. Called in the transaction of the change."""
    last = commitment.versions.aggregate(last=Max("number"))["last"] or 0
    version = CommitmentVersion.objects.create(
        commitment=commitment,
        number=last + 1,
        organisation=organisation,
        status=commitment.status,
        changed_fields=changed,
        snapshot=commitment_snapshot(commitment),
    )
    entry = record_commitment(
        commitment=commitment, organisation=organisation, changed=changed, snapshot=version.snapshot
    )
    commitment_changed(commitment, entry.kind)
    return version
