"""Signatures: anyone (with or without an account) signs with an email address; the
signature counts only once that address is confirmed by a signed, expiring link. One per
petition and address, one per petition and account: database unique constraints. The count
moves with ``F()`` in the confirming transaction, and only when a row went from unconfirmed to
confirmed, so confirming twice (or two racing clicks) counts once.

Someone signing without an account is never told on the page whether an address had signed
already (that would tell anyone who signed what); the email to the address says it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openplan.core.tasks import email_send
from openplan.participation.models import SIGNER_NAME_MAX, Petition, Signature
from openplan.participation.phases import Action
from openplan.participation.services.common import SCRIPT_LIKE, require_action, retry_when_locked
from openplan.participation.services.petitions import petition_reach_threshold
from openplan.participation.states import Moderation

SALT = "openplan.participation.signature"
EMAIL_MAX = 320  # the column's length (RFC 5321's limit on a path)
# An unconfirmed signature is kept this long after its last link expired (its page can still
# send a new link), then deleted with its address: nothing counts without confirmation.
PURGE_GRACE = dt.timedelta(days=7)


@dataclass(frozen=True)
class Signed:
    """What signing did: ``confirmed`` (counted now: a signed-in person's verified address)
    or ``mailed`` (a link went to the address)."""

    signature: Signature
    confirmed: bool


def email_normalize(email: str) -> str:
    """The address, stripped and lower-cased: ``Ana@Example.org`` is ``ana@example.org``."""
    email = email.strip().lower()
    invalid = ValidationError(
        {"email": _("Enter a valid email address, like name@example.org.")}, code="email"
    )
    if len(email) > EMAIL_MAX:
        raise invalid
    try:
        validate_email(email)
    except ValidationError as error:
        raise invalid from error
    return email


def _checked_name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > SIGNER_NAME_MAX:
        message = _("Please keep your name under %(max)d characters.")
        raise ValidationError({"name": message % {"max": SIGNER_NAME_MAX}}, code="too_long")
    if SCRIPT_LIKE.search(name) or "<" in name:
        raise ValidationError({"name": _("Write your name as plain text.")}, code="script")
    return name


def _require_signable(petition: Petition) -> None:
    if petition.moderation != Moderation.VISIBLE:
        raise ValidationError(_("This petition cannot be signed."), code="not_public")
    require_action(petition.consultation, Action.SIGN)


def _verified(user: Any, email: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@retry_when_locked
@transaction.atomic
def signature_create(
    *, petition: Petition, email: str, name: str = "", show_name: bool = False, user: Any = None
) -> Signed:
    """Sign ``petition``. A signed-in person signing with one of their verified addresses is
    counted at once; anyone else gets a confirmation link by email (again, if they had signed
    and not confirmed; an "already signed" note if the address's signature counts already).
    A signed-in person who has signed already is told so (ValidationError "twice")."""
    _require_signable(petition)
    email, name = email_normalize(email), _checked_name(name)
    user = user if getattr(user, "is_authenticated", False) else None
    confirmed = user is not None and _verified(user, email)
    now = timezone.now()
    signature = Signature(
        petition=petition, user=user, email=email, name=name, show_name=show_name and bool(name),
        confirmed_at=now if confirmed else None, link_sent_at=None if confirmed else now,
    )  # fmt: skip
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        return _signed_before(petition, email, user)
    if confirmed:
        _count(petition.pk)
    else:
        _send_link(signature)
    return Signed(signature, confirmed)


def _signed_before(petition: Petition, email: str, user: Any) -> Signed:
    existing = Signature.objects.filter(
        Q(email=email) | Q(user=user) if user is not None else Q(email=email), petition=petition
    ).first()
    if existing is None:  # the other row went away meanwhile (erased): try again later
        raise ValidationError(_("Please try again."), code="retry")
    if user is not None and existing.user_id == user.pk and existing.is_confirmed:
        raise ValidationError(_("You have already signed this petition."), code="twice")
    # An address another account signed with: answered as for anyone without an account (by
    # email to that address), so that the page tells nobody who signed what.
    if existing.is_confirmed:
        _send_already_signed(existing)
    else:
        Signature.objects.filter(pk=existing.pk).update(link_sent_at=timezone.now())
        _send_link(existing)
    return Signed(existing, False)


def signature_token(signature: Signature) -> str:
    return signing.dumps([signature.pk, signature.petition_id], salt=SALT, compress=True)


def _load(token: str, *, max_age: dt.timedelta | None) -> Signature:
    try:
        pk, petition_id = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This link has expired. Ask for a new one below: your signature is not counted "
              "until you confirm it."),
            code="expired",
        ) from error  # fmt: skip
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise ValidationError(
            _("This link is not valid. Copy the whole link from the email, or sign again."),
            code="invalid",
        ) from error
    signature = Signature.objects.filter(pk=pk, petition_id=petition_id).first()
    if signature is None:
        raise ValidationError(_("This signature no longer exists. Please sign again."), "gone")
    return signature


def signature_get_by_token(*, token: str, expired_ok: bool = False) -> Signature:
    """The signature a link names (ValidationError "expired", "invalid" or "gone")."""
    hours = settings.OPENPLAN_SIGNATURE_LINK_HOURS
    return _load(token, max_age=None if expired_ok else dt.timedelta(hours=hours))


@retry_when_locked
@transaction.atomic
def signature_confirm(*, token: str) -> tuple[Signature, bool]:
    """Confirm the signature the link names; returns it and whether it was counted now (False:
    it was confirmed before and still counts once). Refused, with the reason, when the link
    has expired or is not valid, or when the petition cannot be signed any more."""
    try:
        signature = signature_get_by_token(token=token)
    except ValidationError as error:
        if error.code != "expired":
            raise
        signature = signature_get_by_token(token=token, expired_ok=True)
        if not signature.is_confirmed:  # an old link of a counted signature: say it counts
            raise
    petition = Petition.objects.select_related("consultation").get(pk=signature.petition_id)
    if signature.is_confirmed:
        return signature, False
    _require_signable(petition)
    now = timezone.now()
    moved = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    if moved:
        _count(petition.pk)
    signature.confirmed_at = signature.confirmed_at or now
    return signature, bool(moved)


@retry_when_locked
@transaction.atomic
def signature_link_resend(*, token: str) -> Signature:
    """Send a new link for an expired (or lost) one; nothing is counted until it is used."""
    signature = signature_get_by_token(token=token, expired_ok=True)
    if signature.is_confirmed:
        raise ValidationError(_("This signature is confirmed already: it counts."), "confirmed")
    if signature.email is None:
        raise ValidationError(_("This signature no longer exists. Please sign again."), "gone")
    Signature.objects.filter(pk=signature.pk).update(link_sent_at=timezone.now())
    _send_link(signature)
    return signature


def _count(petition_id: int) -> None:
    Petition.objects.filter(pk=petition_id).update(signatures_count=F("signatures_count") + 1)
    petition_reach_threshold(petition_id=petition_id)


def _send_link(signature: Signature) -> None:
    url = settings.SITE_URL + reverse(
        "participation:signature_confirm", kwargs={"token": signature_token(signature)}
    )
    _mail(signature, "signature_confirm", url)


def _send_already_signed(signature: Signature) -> None:
    _mail(signature, "signature_already", settings.SITE_URL + signature.petition.get_absolute_url())


def _mail(signature: Signature, template: str, url: str) -> None:
    """Render in the request's language now; send after the commit, in the worker."""
    context = {
        "petition": signature.petition, "url": url, "site_name": settings.OPENPLAN_SITE_NAME,
        "hours": settings.OPENPLAN_SIGNATURE_LINK_HOURS,
    }  # fmt: skip
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"participation/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"participation/email/{template}_message.txt", context)
    to = [str(signature.email)]
    transaction.on_commit(lambda: email_send.enqueue(subject=subject, body=body, to=to))


@transaction.atomic
def signatures_erase(*, user: Any, addresses: set[str]) -> int:
    """For account erasure: the person's unconfirmed signatures are deleted; confirmed ones
    keep counting but lose the address, the name and the account. Returns the rows touched."""
    mine = Q(user=user) | Q(email__in={a.lower() for a in addresses})
    deleted, _rows = Signature.objects.filter(mine, confirmed_at__isnull=True).delete()
    kept = Signature.objects.filter(mine).update(email=None, name="", show_name=False, user=None)
    return deleted + kept


@transaction.atomic
def signatures_purge_unconfirmed() -> int:
    """Delete unconfirmed signatures whose last link expired more than PURGE_GRACE ago (run
    nightly with ``reconcile-counters``). They never counted: no count moves. Returns how many."""
    life = dt.timedelta(hours=settings.OPENPLAN_SIGNATURE_LINK_HOURS)
    cutoff = timezone.now() - life - PURGE_GRACE
    stale = Signature.objects.filter(confirmed_at__isnull=True).filter(
        Q(link_sent_at__lt=cutoff) | Q(link_sent_at__isnull=True, created_at__lt=cutoff)
    )
    deleted, _rows = stale.delete()
    return deleted
