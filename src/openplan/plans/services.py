"""Writes of the plans app: drafting, submitting and publishing commitments, with a version
kept for every published state. Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from openplan.accounts.models import Organisation
from openplan.core import files
from openplan.core.services import model_update
from openplan.plans.models import (
    ActionPlan,
    Commitment,
    CommitmentVersion,
    Evidence,
    ProgressUpdate,
)
from openplan.plans.states import COMMITMENT_TRANSITIONS, CommitmentStatus, check_transition

EDITABLE_FIELDS = [
    "title", "short_title", "problem", "description", "contribution", "relevance",
    "start_date", "end_date", "lead_institution", "supporting_institutions", "budget", "links",
]  # fmt: skip
SNAPSHOT_FIELDS = ["identifier", "status", *EDITABLE_FIELDS]


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
        _keep_version(commitment, organisation, changed)
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
        _keep_version(commitment, organisation, ["status"])
    return commitment


def commitment_snapshot(commitment: Commitment) -> dict[str, Any]:
    snapshot = {
        name: (value.isoformat() if hasattr(value, "isoformat") else value)
        for name in SNAPSHOT_FIELDS
        for value in [getattr(commitment, name)]
    }
    tags = commitment.tags.select_related("scheme").order_by("scheme__slug", "notation")
    snapshot["tags"] = [f"{tag.scheme.slug}:{tag.notation}" for tag in tags]
    return snapshot


def _keep_version(
    commitment: Commitment, organisation: Organisation | None, changed: list[str]
) -> CommitmentVersion:
    last = commitment.versions.aggregate(last=Max("number"))["last"] or 0
    return CommitmentVersion.objects.create(
        commitment=commitment,
        number=last + 1,
        organisation=organisation,
        status=commitment.status,
        changed_fields=changed,
        snapshot=commitment_snapshot(commitment),
    )


@transaction.atomic
def progress_report(
    *,
    commitment: Commitment,
    organisation: Organisation,
    author: Any,
    data: dict[str, Any],
    evidence_links: Sequence[tuple[str, str]] = (),
    evidence_files: Sequence[tuple[str, UploadedFile]] = (),
) -> ProgressUpdate:
    """Report progress on a published commitment, or on one of its milestones.

    The government's report updates the commitment's completion; a co-owner's report is a
    shadow report shown beside it and changes nothing else. A source is always required.
    Evidence is links (title, url) and files (title, upload); files are checked by content
    (``core.files``) and stored under a random name.
    """
    if commitment.status != CommitmentStatus.PUBLISHED:
        raise ValidationError(_("Progress can be reported only on a published commitment."))
    milestone = data.get("milestone")
    if milestone is not None and milestone.commitment_id != commitment.pk:
        raise ValidationError({"milestone": _("This milestone belongs to another commitment.")})
    checked = [(title, upload, evidence_file_check(upload)) for title, upload in evidence_files]
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
    _evidence_files_store(update, checked)
    return update


def evidence_file_check(upload: UploadedFile) -> files.FileKind:
    """The kind of an uploaded evidence file; ValidationError if too large or not accepted."""
    return files.check_upload(
        upload,
        name=files.display_name(upload.name or ""),
        size=upload.size or 0,
        max_bytes=settings.OPENPLAN_EVIDENCE_MAX_BYTES,
    )


def _evidence_files_store(
    update: ProgressUpdate, checked: list[tuple[str, UploadedFile, files.FileKind]]
) -> None:
    """Store the files last, and remove them again if anything fails on the way."""
    stored: list[str] = []
    try:
        for title, upload, kind in checked:
            name = files.display_name(upload.name or "")
            evidence = Evidence(
                update=update,
                title=(title.strip() or name)[:300],
                filename=name,
                content_type=kind.content_type,
                size=upload.size or 0,
            )
            evidence.file.save(files.random_name(kind), upload, save=False)
            stored.append(evidence.file.name or "")
            evidence.full_clean()
            evidence.save()
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
