"""What several participation models share: text limits, moderation state and a generic
target (anything a person can follow, flag or see moderated)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from openplan.core.models import TimeStampedModel
from openplan.participation.states import Moderation

TITLE_MAX = 200
BODY_MAX = 10_000
COMMENT_MAX = 4_000
REASON_MAX = 500


class Moderated(TimeStampedModel):
    """Content that moderators can hold back (pending), hide with a public reason, restore."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )
    moderation_reason = models.CharField(_("reason"), max_length=REASON_MAX, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.moderation == Moderation.HIDDEN

    @property
    def is_visible(self) -> bool:
        return self.moderation == Moderation.VISIBLE


class GenericTarget(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
