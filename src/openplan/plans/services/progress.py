"""Progress reports: the government's, which update completion, and co-owners' shadow
reports, with evidence links and files. Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from openplan.accounts.models import Organisation
from openplan.core import files
from openplan.core.services import model_update
from openplan.plans.models import Commitment, Evidence, ProgressUpdate
from openplan.plans.services.record import commitment_changed, record_progress
from openplan.plans.states import CommitmentStatus


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
    entry = record_progress(update=update)
    commitment_changed(commitment, entry.kind)
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
