"""What participation holds about a person, for their personal-data export (registered in
``core.personal_data`` from ``apps.py``): what they wrote, supported, signed, followed and
reported, and the meetings they registered for. Signatures are found by account and by the
account's addresses (one may sign without logging in). Erasing the account deletes the
registrations (the foreign key cascades); a place it held goes to the first person waiting at
the meeting's next registration write (``services.registrations.fill_places``)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q

from openplan.participation.models import (
    Comment,
    Flag,
    Follow,
    Notification,
    NotificationSettings,
    Petition,
    Proposal,
    Registration,
    Signature,
    Support,
)


def _when(value: Any) -> str:
    return value.isoformat()


def _signatures(user: Any) -> list[dict[str, Any]]:
    addresses = {user.email.lower()} | {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    rows = (
        Signature.objects.filter(Q(user=user) | Q(email__in=addresses))
        .select_related("petition")
        .order_by("pk")
    )
    return [
        {"petition": s.petition_id, "title": s.petition.title, "email": s.email, "name": s.name,
         "name_shown": s.show_name, "signed_at": _when(s.created_at),
         "confirmed_at": _when(s.confirmed_at) if s.confirmed_at else None}
        for s in rows
    ]  # fmt: skip


def participation_of(user: Any) -> dict[str, list[dict[str, Any]]]:
    proposals = Proposal.objects.filter(author=user).order_by("created_at", "pk")
    comments = Comment.objects.filter(author=user).order_by("created_at", "pk")
    supports = Support.objects.filter(user=user).select_related("proposal").order_by("pk")
    return {
        "proposals": [
            {"id": p.pk, "consultation": p.consultation_id, "title": p.title, "body": p.body,
             "status": p.status, "moderation": p.moderation, "created_at": _when(p.created_at)}
            for p in proposals
        ],
        "comments": [
            {"id": c.pk, "proposal": c.proposal_id, "body": c.body, "moderation": c.moderation,
             "created_at": _when(c.created_at)}
            for c in comments
        ],
        "supports": [{"proposal": s.proposal_id, "title": s.proposal.title} for s in supports],
        "petitions": [
            {"id": p.pk, "consultation": p.consultation_id, "title": p.title, "body": p.body,
             "moderation": p.moderation, "created_at": _when(p.created_at)}
            for p in Petition.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "petition_signatures": _signatures(user),
        "follows": [
            {"type": f.content_type.model, "id": f.object_id, "since": _when(f.created_at)}
            for f in Follow.objects.filter(user=user).select_related("content_type")
        ],
        "reports_to_moderators": [
            {"type": f.content_type.model, "id": f.object_id, "reason": f.reason,
             "created_at": _when(f.created_at)}
            for f in Flag.objects.filter(user=user).select_related("content_type")
        ],
        "meeting_registrations": [
            {"meeting": r.meeting_id, "title": r.meeting.title,
             "start": _when(r.meeting.start), "status": r.status,
             "registered_at": _when(r.created_at)}
            for r in Registration.objects.filter(user=user).select_related("meeting")
        ],
    }  # fmt: skip


def notifications_of(user: Any) -> dict[str, Any]:
    """The person's notifications and email choice (deleted with the account)."""
    choice = NotificationSettings.objects.filter(user=user).first()
    rows = Notification.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "email": choice.email if choice else "none",
        "items": [
            {"event": n.event, "title": n.title, "url": n.url, "created_at": _when(n.created_at),
             "read_at": n.read_at and _when(n.read_at),
             "emailed_at": n.emailed_at and _when(n.emailed_at)}
            for n in rows
        ],
    }  # fmt: skip
