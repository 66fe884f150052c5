"""Notification emails: one at once (for those who chose it) or a daily digest, each with an
unsubscribe link that works without logging in (a signed, dated token) and the one-click
headers of RFC 8058. A notification is mailed at most once: rows are claimed (locked, marked
``emailed_at``) in the transaction that sends the mail, so a second run finds nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openplan.participation.events import describe
from openplan.participation.models import EmailChoice, Notification, NotificationSettings
from openplan.participation.services.notifications import notification_settings_set

SALT = "openplan.participation.unsubscribe"
DIGEST_EVERY = dt.timedelta(hours=20)  # a second run the same day sends no second digest


def _fingerprint(user: Any) -> str:
    """Ties a token to the address it was sent to: a changed address voids old links."""
    return hashlib.sha256(user.email.lower().encode()).hexdigest()[:12]


def unsubscribe_token(user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": _fingerprint(user)}, salt=SALT, compress=True)


def unsubscribe_user(token: str) -> Any:
    """The person of a good token; ValidationError ``expired`` or ``invalid`` otherwise."""
    max_age = dt.timedelta(days=settings.OPENPLAN_UNSUBSCRIBE_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError(_("This unsubscribe link has expired."), code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This unsubscribe link is not valid."), code="invalid") from exc
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None or data.get("e") != _fingerprint(user):
        raise ValidationError(_("This unsubscribe link is not valid."), code="invalid")
    return user


def notifications_unsubscribe(*, token: str) -> Any:
    """Stop every notification email of the token's person (no login needed)."""
    user = unsubscribe_user(token)
    notification_settings_set(user=user, email=EmailChoice.NONE)
    return user


def _pending(user: Any, choice: NotificationSettings) -> QuerySet[Notification]:
    """Not yet mailed, not read in the app, since the person chose email, at most
    ``OPENPLAN_NOTIFICATION_MAIL_HOURS`` old."""
    oldest = timezone.now() - dt.timedelta(hours=settings.OPENPLAN_NOTIFICATION_MAIL_HOURS)
    since = max(oldest, choice.changed_at)
    return Notification.objects.filter(
        user=user, emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since
    ).order_by("created_at", "pk")


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _message(user: Any, rows: list[Notification], digest: bool) -> EmailMultiAlternatives:
    unsubscribe = _absolute(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    )
    items: list[dict[str, Any]] = [{"text": describe(n.event, n.title), "url": _absolute(n.url),
              "when": n.created_at} for n in rows]  # fmt: skip
    context = {"items": items, "digest": digest, "unsubscribe_url": unsubscribe,
               "site_name": settings.OPENPLAN_SITE_NAME,
               "settings_url": _absolute(reverse("notifications:settings"))}  # fmt: skip
    if digest:
        subject = ngettext(
            "%(site)s: %(count)d notification today", "%(site)s: %(count)d notifications today",
            len(rows),
        ) % {"site": settings.OPENPLAN_SITE_NAME, "count": len(rows)}  # fmt: skip
    else:
        subject = f"{settings.OPENPLAN_SITE_NAME}: {' '.join(items[0]['text'].split())}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("participation/email/notifications.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("participation/email/notifications.html", context), "text/html"
    )
    return message


def _lock(rows: QuerySet[Notification]) -> QuerySet[Notification]:
    if connection.vendor == "postgresql":
        return rows.select_for_update(skip_locked=True)
    return rows  # SQLite: IMMEDIATE transactions already admit one writer at a time


@transaction.atomic
def _claim(user: Any, digest: bool) -> list[Notification]:
    """Lock and mark the person's pending notifications when their choice matches."""
    choice = NotificationSettings.objects.filter(user=user).first()
    wanted = EmailChoice.DAILY if digest else EmailChoice.IMMEDIATE
    if choice is None or choice.email != wanted or not user.is_active:
        return []
    rows = list(_lock(_pending(user, choice)))
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=now)
    return rows


def notifications_mail(*, user: Any, digest: bool) -> int:
    """Mail the person's pending notifications in one email, in their language; returns how
    many. The rows are claimed and committed first, so no lock is held while the mail server
    answers; a mail that fails releases them for the next run."""
    rows = _claim(user, digest)
    if not rows:
        return 0
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        message = _message(user, rows, digest)
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=None)
        raise
    return len(rows)


def digests_send() -> dict[str, int]:
    """The daily digest of everyone who chose it (``openplan send-digests``, once a day).
    Idempotent: what was mailed is not mailed again, and a person gets at most one digest in
    ``DIGEST_EVERY``."""
    sent = mailed = 0
    due = timezone.now() - DIGEST_EVERY
    people = NotificationSettings.objects.filter(email=EmailChoice.DAILY).exclude(
        last_digest_at__gte=due
    )
    ids = list(people.order_by("pk").values_list("pk", flat=True))  # not a cursor: we write
    for start in range(0, len(ids), 500):
        chunk = NotificationSettings.objects.filter(pk__in=ids[start : start + 500])
        for choice in chunk.select_related("user").order_by("pk"):
            count = notifications_mail(user=choice.user, digest=True)
            if count:
                chunk.filter(pk=choice.pk).update(last_digest_at=timezone.now())
                sent, mailed = sent + 1, mailed + count
    return {"emails": sent, "notifications": mailed}
