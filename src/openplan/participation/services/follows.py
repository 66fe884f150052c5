"""Following anything (a consultation, a proposal, a commitment): one row per person and
object; notifications that read these rows come with a later issue."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from openplan.participation.models import Follow


@transaction.atomic
def follow_set(*, user: Any, target: models.Model) -> Follow:
    follow, _created = Follow.objects.get_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    )
    return follow


@transaction.atomic
def follow_remove(*, user: Any, target: models.Model) -> bool:
    deleted, _rows = Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).delete()
    return bool(deleted)
