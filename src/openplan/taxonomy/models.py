"""Controlled vocabularies as data: schemes, nested concepts, versions, stable URIs (SKOS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from openplan.core.links import path_to
from openplan.core.models import TimeStampedModel


class Scheme(TimeStampedModel):
    """A vocabulary (skos:ConceptScheme). Its ``slug`` and its concepts' notations are part of
    public URIs and never change once published."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    version = models.CharField(_("current version"), max_length=40)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("taxonomy:scheme_detail", kwargs={"scheme": self.slug})

    @property
    def uri(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()


class SchemeVersion(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=40)
    released_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["scheme", "-released_on"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="scheme_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.slug} {self.version}"


class Concept(TimeStampedModel):
    """A term of a scheme (skos:Concept); ``parent`` is skos:broader."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="concepts")
    notation = models.SlugField(_("notation"), max_length=80)
    pref_label = models.CharField(_("label"), max_length=200)
    labels = models.JSONField(_("labels in other languages"), default=dict, blank=True)
    alt_labels = models.JSONField(_("other names"), default=list, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    introduced_in = models.CharField(max_length=40, blank=True)
    deprecated_in = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "notation"], name="concept_notation_unique")
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return path_to("taxonomy:concept_detail", self.scheme.slug, self.notation)

    @property
    def uri(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def label(self) -> str:
        """The label in the active language, falling back to the preferred (English) one."""
        return label_in_language(self.labels, self.pref_label)


def label_in_language(labels: dict[str, str], pref_label: str) -> str:
    """A concept's label in the active language, from its stored fields."""
    return str(labels.get(translation.get_language() or "en", pref_label))
