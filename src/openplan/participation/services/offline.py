"""Offline input recorded by a consultation's coordinators: proposals that came by paper form,
letter, phone, meeting or email, and supports of a proposal received that way, counted in
its exact ``supports_count``. Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from openplan.core import files
from openplan.core.record.models import EntryKind
from openplan.core.text import markdown_to_html
from openplan.participation.language import language_detect
from openplan.participation.models import (
    BODY_MAX,
    OFFLINE_CHANNELS,
    OFFLINE_SUPPORTS_MAX,
    TITLE_MAX,
    Consultation,
    OfflineInput,
    Proposal,
)
from openplan.participation.services.common import check_text
from openplan.participation.services.record import record_offline
from openplan.participation.states import ConsultationStatus, ProposalStatus
from openplan.taxonomy.models import Concept

NAME_MAX = 200
SCAN_KINDS = (files.PDF, files.PNG, files.JPEG, files.WEBP)


def scan_check(upload: UploadedFile) -> files.FileKind:
    """The kind of an uploaded scan (PDF or an image, read from its content, at most
    OPENPLAN_EVIDENCE_MAX_BYTES); ValidationError on the ``scan`` field otherwise."""
    try:
        return files.check_upload(
            upload,
            name=files.display_name(upload.name or ""),
            size=upload.size or 0,
            max_bytes=settings.OPENPLAN_EVIDENCE_MAX_BYTES,
            kinds=SCAN_KINDS,
        )
    except ValidationError as error:
        raise ValidationError({"scan": error.messages}, code="scan") from error


def _lifetime(consultation: Consultation) -> tuple[dt.date, dt.date] | None:
    """The first and last day (in the site's time zone) of the consultation's phases."""
    phases = list(consultation.phases.all())
    if not phases:
        return None
    first = min(p.start for p in phases)
    last = max(p.end for p in phases)
    return timezone.localdate(first), timezone.localdate(last)


def check_received(consultation: Consultation, received_on: Any, *, after: Any = None) -> None:
    """Offline input goes to a published consultation, received on a day of its phases, not
    in the future (nor, for supports, before the proposal was received)."""
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise ValidationError(
            _("Offline input can be recorded only in a published consultation."), code="status"
        )
    if not isinstance(received_on, dt.date):
        raise ValidationError({"received_on": _("Give the date it was received.")}, "required")
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": _("The date it was received cannot be in the future.")}, "future"
        )
    lifetime = _lifetime(consultation)
    if lifetime is None or not lifetime[0] <= received_on <= lifetime[1]:
        raise ValidationError(
            {"received_on": _("The date must fall within the consultation's phases.")},
            code="outside",
        )
    if after is not None and received_on < after:
        raise ValidationError(
            {"received_on": _("Supports cannot be received before the proposal.")}, "early"
        )


def _check_channel(channel: str) -> None:
    if channel not in dict(OFFLINE_CHANNELS):
        raise ValidationError({"channel": _("Choose how it was received.")}, code="channel")


def _store_scan(offline: OfflineInput, scan: UploadedFile | None, kind: Any) -> None:
    """Save ``offline`` with its scan stored last; the file is removed if anything fails."""
    stored = ""
    try:
        if scan is not None:
            offline.scan_filename = files.display_name(scan.name or "")
            offline.scan_content_type = kind.content_type
            offline.scan_size = scan.size or 0
            offline.scan.save(files.random_name(kind), scan, save=False)
            stored = offline.scan.name or ""
        offline.full_clean()
        offline.save()
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise


def _offline_input(
    proposal: Proposal, recorder: Any, channel: str, received_on: dt.date, supports: int = 0
) -> OfflineInput:
    government = proposal.consultation.member.government
    return OfflineInput(
        proposal=proposal,
        channel=channel,
        received_on=received_on,
        supports=supports,
        recorded_by=recorder,
        organisation_name=government.name if government else "",
    )


@transaction.atomic
def offline_proposal_record(
    *,
    consultation: Consultation,
    recorder: Any,
    channel: str,
    received_on: dt.date,
    title: str,
    body: str,
    author_name: str = "",
    name_consent: bool = False,
    tags: Iterable[Concept] = (),
    scan: UploadedFile | None = None,
    is_demo: bool = False,
) -> Proposal:
    """A proposal received offline, published at once (a coordinator typed it in). The
    author's name is kept only if they agreed to its publication; else it is not stored."""
    _check_channel(channel)
    check_received(consultation, received_on)
    title = check_text(title, field="title", max_length=TITLE_MAX)
    body = check_text(body, field="body", max_length=BODY_MAX)
    name = author_name.strip() if name_consent else ""
    if len(name) > NAME_MAX:
        raise ValidationError({"author_name": _("The name is too long.")}, code="too_long")
    kind = scan_check(scan) if scan is not None else None
    proposal = Proposal(
        consultation=consultation, author=None, title=title, body=body,
        body_html=markdown_to_html(body), language=language_detect(f"{title}\n{body}"),
        channel=channel, received_on=received_on, offline_author_name=name, is_demo=is_demo,
    )  # fmt: skip
    proposal.full_clean(exclude=["author"])  # an offline proposal has no author account
    proposal.save()
    proposal.tags.set(list(tags))
    _store_scan(_offline_input(proposal, recorder, channel, received_on), scan, kind)
    record_offline(proposal=proposal, kind=EntryKind.PUBLICATION)
    return proposal


@transaction.atomic
def offline_supports_record(
    *,
    proposal: Proposal,
    recorder: Any,
    channel: str,
    received_on: dt.date,
    supports: int,
    scan: UploadedFile | None = None,
) -> OfflineInput:
    """``supports`` supports of ``proposal`` received by ``channel``: added to its
    ``supports_count`` in the same transaction (``reconcile_counters`` counts them too)."""
    _check_channel(channel)
    if proposal.status != ProposalStatus.PUBLISHED:
        raise ValidationError(_("This proposal has been withdrawn."), code="withdrawn")
    if not proposal.is_visible:
        raise ValidationError(_("This proposal is hidden: it cannot be supported."), "hidden")
    if not isinstance(supports, int) or not 1 <= supports <= OFFLINE_SUPPORTS_MAX:
        raise ValidationError(
            {"supports": _("Give a number of supports from 1 to %(max)d.")
             % {"max": OFFLINE_SUPPORTS_MAX}},
            code="supports",
        )  # fmt: skip
    since = proposal.received_on or timezone.localdate(proposal.created_at)
    check_received(proposal.consultation, received_on, after=since)
    kind = scan_check(scan) if scan is not None else None
    offline = _offline_input(proposal, recorder, channel, received_on, supports)
    _store_scan(offline, scan, kind)
    Proposal.objects.filter(pk=proposal.pk).update(
        supports_count=F("supports_count") + supports, updated_at=timezone.now()
    )
    record_offline(proposal=proposal, kind=EntryKind.EDIT, supports=offline)
    return offline
