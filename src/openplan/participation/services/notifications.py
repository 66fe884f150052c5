"""Notifications of followers. A service that changes something public calls ``notify`` in
its transaction; on commit a task (``tasks.notifications_fan_out``) writes one
``Notification`` per follower with ``bulk_create`` and queues the immediate emails, so a
thousand followers do not slow the request. Nothing here is public state: no record entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.participation.events import EVENTS
from openplan.participation.models import (
    TITLE_MAX,
    EmailChoice,
    Follow,
    Notification,
    NotificationSettings,
)
from openplan.participation.selectors import unread_key

BATCH = 1000


def forget_unread(user_ids: Iterable[int]) -> None:
    """Drop the cached unread counts (selectors.notification_unread_count)."""
    cache.delete_many([unread_key(pk) for pk in user_ids])


def _ref(obj: models.Model) -> list[int]:
    return [ContentType.objects.get_for_model(obj).pk, int(obj.pk)]


def notify(
    *,
    event: str,
    subject: models.Model,
    followed: Sequence[models.Model],
    title: str,
    url: str,
    actor: Any = None,
) -> None:
    """Tell the followers of each of ``followed`` that ``subject`` (page ``url``, public
    ``title``) changed: ``event`` is a code of ``events.EVENTS``. The actor is not notified.
    Queued on commit: a rolled-back change notifies nobody."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    refs = [_ref(obj) for obj in followed if obj is not None]
    actor_id = getattr(actor, "pk", None)
    if not _follows(refs, actor_id).exists():
        return  # nobody to tell: no task (an import changes thousands of unfollowed objects)
    kwargs = {
        "event": event,
        "subject": _ref(subject),
        "followed": refs,
        "title": title[: TITLE_MAX + 100],
        "url": url,
        "actor_id": actor_id,
        "at": timezone.now().isoformat(),
    }
    from openplan.participation.tasks import notifications_fan_out

    transaction.on_commit(lambda: notifications_fan_out.enqueue(**kwargs))


def _follows(followed: list[list[int]], actor_id: int | None) -> QuerySet[Follow]:
    match = Q(pk__in=[])
    for content_type_id, object_id in followed:
        match |= Q(content_type_id=content_type_id, object_id=object_id)
    rows = Follow.objects.filter(match)
    return rows if actor_id is None else rows.exclude(user_id=actor_id)


def _followers(followed: list[list[int]], actor_id: int | None) -> list[int]:
    return sorted(set(_follows(followed, actor_id).values_list("user_id", flat=True)))


@transaction.atomic
def notifications_fan_out(
    *,
    event: str,
    subject: list[int],
    followed: list[list[int]],
    title: str,
    url: str,
    actor_id: int | None = None,
    at: str | None = None,
) -> list[int]:
    """One notification per follower of any of ``followed`` (each person once, never the
    actor), written in batches; returns the people who want an email at once."""
    users = _followers(followed, actor_id)
    created_at = dt.datetime.fromisoformat(at) if at else timezone.now()
    content_type_id, object_id = subject
    for start in range(0, len(users), BATCH):
        Notification.objects.bulk_create(
            Notification(
                user_id=pk, event=event, content_type_id=content_type_id, object_id=object_id,
                title=title, url=url, created_at=created_at,
            )
            for pk in users[start : start + BATCH]
        )  # fmt: skip
    forget_unread(users)
    immediate = NotificationSettings.objects.filter(
        user_id__in=users, email=EmailChoice.IMMEDIATE
    ).values_list("user_id", flat=True)
    return list(immediate)


@transaction.atomic
def notification_mark_read(*, user: Any, pk: int) -> bool:
    """Mark one of the person's notifications read; False when it is not theirs."""
    mine = Notification.objects.filter(user=user, pk=pk)
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    forget_unread([user.pk])
    return mine.exists()


@transaction.atomic
def notifications_mark_all_read(*, user: Any) -> int:
    updated = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread([user.pk])
    return updated


@transaction.atomic
def notification_settings_set(*, user: Any, email: str) -> NotificationSettings:
    """The person's email choice (``EmailChoice``)."""
    if email not in EmailChoice.values:
        raise ValidationError({"email": _("Choose how you want to be emailed.")}, code="email")
    row, created = NotificationSettings.objects.get_or_create(user=user, defaults={"email": email})
    if not created and row.email != email:
        row.email = email
        row.save(update_fields=["email", "changed_at"])
    return row


# What the participation services call, in their transaction, after the record entry.


def notify_consultation(*, consultation: Any, event: str) -> None:
    """A consultation was published (its plan's or commitment's followers hear of it too),
    got a phase or was archived."""
    followed = [consultation]
    if event == "consultation.published":
        followed += [consultation.action_plan, consultation.commitment]
    notify(event=event, subject=consultation, followed=followed, title=consultation.title,
           url=consultation.get_absolute_url())  # fmt: skip


def notify_proposal(*, proposal: Any, event: str, actor: Any = None) -> None:
    """A shown proposal: new (its consultation's followers), or answered, hidden, restored,
    withdrawn (its own followers)."""
    followed = [proposal.consultation] if event == "consultation.proposal" else [proposal]
    notify(event=event, subject=proposal, followed=followed, title=proposal.title,
           url=proposal.get_absolute_url(), actor=actor)  # fmt: skip


def notify_in_consultation(*, obj: Any, event: str, actor: Any = None) -> None:
    """A petition or a meeting of a consultation (new, or a petition that reached its
    threshold or was answered): the consultation's followers hear of it."""
    notify(event=event, subject=obj, followed=[obj.consultation], title=obj.title,
           url=obj.get_absolute_url(), actor=actor)  # fmt: skip


def notify_comment(*, comment: Any) -> None:
    """A shown comment: the proposal's followers, not its author."""
    proposal = comment.proposal
    notify(event="proposal.comment", subject=comment, followed=[proposal], title=proposal.title,
           url=comment.get_absolute_url(), actor=comment.author)  # fmt: skip


def commitment_event(commitment: Any, kind: str) -> str:
    """The event of a public change of a commitment (``kind``: its record entry's kind)."""
    if kind == "publication":
        return "commitment.published"
    if kind == "progress":
        return "commitment.progress"
    if kind == "status":
        return "commitment.withdrawn"
    latest = commitment.versions.order_by("-number").values_list("changed_fields", flat=True)
    return "commitment.milestones" if latest.first() == ["milestones"] else "commitment.amended"


def notify_commitment(commitment: Any, kind: str) -> None:
    """A listener of ``plans.services.record.commitment_listeners`` (apps.py): plans calls it
    in the transaction of every public change of a commitment. A publication reaches the
    followers of its action plan as well."""
    event = commitment_event(commitment, kind)
    followed = [commitment]
    if event == "commitment.published":
        followed.append(commitment.action_plan)
    title = f"{commitment.identifier}: {commitment.title}"
    notify(event=event, subject=commitment, followed=followed, title=title,
           url=commitment.get_absolute_url())  # fmt: skip
