"""What the plans app writes to the public record (``core.record``), always inside the
service's own transaction. Each entry names the acting organisation and its role; the state
hashed is the object's public snapshot, which holds no personal data (no authors)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from openplan.accounts.models import Organisation
from openplan.core.record.hashing import state_hash
from openplan.core.record.models import EntryKind, EntryRole, RecordEntry
from openplan.core.record.selectors import record_latest_state_hash
from openplan.core.record.services import record_append
from openplan.plans.models import ActionPlan, Commitment, Member, ProgressUpdate
from openplan.plans.states import CommitmentStatus

GOVERNMENT, CO_OWNER, IMPORT_ROLE = EntryRole.GOVERNMENT, EntryRole.CO_OWNER, EntryRole.IMPORT

# Apps above plans that keep something for every public change of a commitment (opendata's
# release history) add a function here at start-up, as core.permissions.staff_role_check is
# filled: plans cannot import them. Each is called in the transaction of the change.
commitment_listeners: list[Callable[[Commitment, str], None]] = []


def commitment_changed(commitment: Commitment, kind: str) -> None:
    """A public commitment changed (``kind``: the record entry's kind); tell the listeners."""
    if commitment.status not in (CommitmentStatus.PUBLISHED, CommitmentStatus.WITHDRAWN):
        return
    for listener in commitment_listeners:
        listener(commitment, kind)


def role_of(organisation: Organisation | None, member: Member) -> str:
    """The public role in which an organisation acts on a member's plans."""
    if organisation is None:
        return ""
    return GOVERNMENT if organisation.pk == member.government_id else CO_OWNER


def _name(organisation: Organisation | None) -> str:
    return organisation.name if organisation is not None else ""


def commitment_kind(status: str, changed: list[str]) -> str:
    """Publishing is a publication, withdrawing a status change, anything else an edit."""
    if changed == ["status"]:
        return EntryKind.PUBLICATION if status == CommitmentStatus.PUBLISHED else EntryKind.STATUS
    return EntryKind.EDIT


def record_commitment(
    *,
    commitment: Commitment,
    organisation: Organisation | None,
    changed: list[str],
    snapshot: dict[str, Any],
) -> RecordEntry:
    return record_append(
        kind=commitment_kind(commitment.status, changed),
        object_uri=commitment.get_absolute_url(),
        state=snapshot,
        organisation=_name(organisation),
        role=role_of(organisation, commitment.action_plan.member),
    )


def action_plan_snapshot(plan: ActionPlan) -> dict[str, Any]:
    return {
        "member": plan.member.code,
        "number": plan.number,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
    }


def plan_uri(plan: ActionPlan) -> str:
    return reverse("plans:action_plan_detail", kwargs={"plan": plan.pk})


def record_action_plan(*, plan: ActionPlan, kind: str) -> RecordEntry:
    """Action plans are public from their creation; the member's government acts on them."""
    government = plan.member.government
    return record_append(
        kind=kind,
        object_uri=plan_uri(plan),
        state=action_plan_snapshot(plan),
        organisation=_name(government),
        role=GOVERNMENT if government is not None else "",
    )


def progress_snapshot(update: ProgressUpdate) -> dict[str, Any]:
    """A progress report as published: without its author, with its evidence."""
    evidence = [
        {"title": e.title, "url": e.url, "filename": e.filename, "size": e.size}
        for e in update.evidence.order_by("pk")
    ]
    return {
        "commitment": update.commitment.identifier,
        "milestone": update.milestone.title if update.milestone else None,
        "organisation": update.organisation.name,
        "reported_on": update.reported_on.isoformat(),
        "completion_before": update.completion_before,
        "completion": update.completion,
        "percent": update.percent,
        "narrative": update.narrative,
        "source": update.source,
        "shadow": update.is_shadow,
        "evidence": evidence,
    }


def record_progress(*, update: ProgressUpdate) -> RecordEntry:
    return record_append(
        kind=EntryKind.PROGRESS,
        object_uri=progress_uri(update),
        state=progress_snapshot(update),
        organisation=update.organisation.name,
        role=CO_OWNER if update.is_shadow else GOVERNMENT,
    )


def record_current_state(
    *, object_uri: str, state: dict[str, Any], organisation: str, role: str
) -> RecordEntry | None:
    """For content written outside the editing services (imports, the demo): a publication
    when the object has no entry yet, an edit when its state changed since its latest entry,
    nothing when it did not."""
    latest = record_latest_state_hash(object_uri=object_uri)
    if latest == state_hash(state):
        return None
    return record_append(
        kind=EntryKind.PUBLICATION if latest is None else EntryKind.EDIT,
        object_uri=object_uri,
        state=state,
        organisation=organisation,
        role=role,
    )


def progress_uri(update: ProgressUpdate) -> str:
    return f"{update.commitment.get_absolute_url()}#update-{update.pk}"
