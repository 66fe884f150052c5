"""Background tasks of the participation app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from openplan.participation.services import notification_mail, signatures_purge_unconfirmed
from openplan.participation.services import notifications as notification_services
from openplan.participation.services import reconcile_counters as _reconcile


@task()
def reconcile_counters() -> dict[str, int]:
    """Run nightly (or after an incident): recompute counters, return what was fixed; and
    delete the unconfirmed petition signatures whose links expired long ago."""
    drift = _reconcile()
    purged = signatures_purge_unconfirmed()
    return {"checked": drift.checked, "fixed": drift.fixed, "unconfirmed_signatures_purged": purged}


@task()
def notifications_fan_out(**kwargs: Any) -> int:
    """One notification per follower (queued by ``services.notify`` on commit); then one
    email task per person who wants mail at once. Returns the number of such people."""
    immediate = notification_services.notifications_fan_out(**kwargs)
    for user_id in immediate:
        notifications_mail_immediate.enqueue(user_id=user_id)
    return len(immediate)


@task()
def notifications_mail_immediate(*, user_id: int) -> int:
    """Mail a person's pending notifications now (nothing when already mailed)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:  # erased since
        return 0
    return notification_mail.notifications_mail(user=user, digest=False)


@task()
def notifications_send_digests() -> dict[str, int]:
    """The daily digests (``openplan send-digests`` runs the same)."""
    return notification_mail.digests_send()
