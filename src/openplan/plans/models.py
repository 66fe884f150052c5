"""The OGP model: members, their action plans, commitments, milestones and progress."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openplan.accounts.models import Organisation
from openplan.core.files import kind_for_content_type
from openplan.core.links import path_to
from openplan.core.models import TimeStampedModel
from openplan.plans.states import CommitmentStatus, Completion, PlanStatus
from openplan.taxonomy.models import Concept


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class Member(TimeStampedModel):
    """A national or local government taking part in OGP."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("ISO-3 or OGP code"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    government = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ogp_members",
        verbose_name=_("government organisation"),
        help_text=_("Its editors and coordinators draft and publish this member's plans."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ActionPlan(TimeStampedModel):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="action_plans")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    ogp_id = models.CharField(_("OGP identifier"), max_length=40, blank=True)

    class Meta:
        ordering = ["member__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "number"], name="plan_number_per_member"),
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="plan_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.start_year}–{self.end_year}"


class Commitment(TimeStampedModel):
    """A commitment, with every field of OGP's commitment template."""

    identifier = models.CharField(_("identifier"), max_length=40, unique=True)
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="commitments"
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    short_title = models.CharField(_("short title"), max_length=300, blank=True)
    theme = models.TextField(_("theme"), blank=True)
    problem = models.TextField(_("the public problem"), blank=True)
    description = models.TextField(_("what the commitment is"), blank=True)
    contribution = models.TextField(_("how it contributes to solving the problem"), blank=True)
    relevance = models.TextField(_("why it is relevant to OGP values"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    dates_as_written = models.CharField(
        _("dates as the source wrote them"),
        max_length=200,
        blank=True,
        help_text=_("Kept when the source gave a month, a quarter or text instead of a date."),
    )
    lead_institution = models.TextField(_("lead institution"), blank=True)
    supporting_institutions = models.TextField(_("supporting institutions"), blank=True)
    co_owners = models.ManyToManyField(
        Organisation, blank=True, related_name="co_owned_commitments", verbose_name=_("co-owners")
    )
    budget = models.TextField(_("budget"), blank=True)
    links = models.TextField(_("links to other plans and to the SDGs"), blank=True)
    tags = models.ManyToManyField(Concept, blank=True, related_name="commitments")
    status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.DRAFT,
    )
    completion = models.CharField(
        _("completion"), max_length=30, choices=Completion.choices, blank=True
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    irm_assessment = models.JSONField(_("IRM assessment (imported)"), default=dict, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["identifier"]
        indexes = [
            # The public list counts published commitments (an index-only scan instead of the
            # table) and pages through them in order. Not (status, identifier): SQLite without
            # statistics would also take that one for a member's list, and scan it all; nor a
            # partial index: SQLite cannot use one for Django's ``status = %s`` parameter.
            models.Index(fields=["identifier", "status"], name="commitment_identifier_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="commitment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def get_absolute_url(self) -> str:
        return path_to("plans:commitment_detail", self.identifier)


class Milestone(TimeStampedModel):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion = models.CharField(
        _("completion"), max_length=30, choices=Completion.choices, default=Completion.NOT_STARTED
    )

    class Meta:
        ordering = ["commitment", "position", "due_date"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(TimeStampedModel):
    """A dated report on a commitment or one of its milestones. A source is required
    (provenance first); a CSO co-owner's update is a shadow report."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress_updates"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="progress_updates"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    reported_on = models.DateField(_("date"))
    completion_before = models.CharField(max_length=30, choices=Completion.choices, blank=True)
    completion = models.CharField(_("completion"), max_length=30, choices=Completion.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    narrative = models.TextField(_("what happened"))
    source = models.CharField(_("source"), max_length=500)
    is_shadow = models.BooleanField(_("shadow report"), default=False)

    class Meta:
        ordering = ["commitment", "-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="percent_at_most_100"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="progress_has_a_source"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.identifier} {self.reported_on}"


class Evidence(TimeStampedModel):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # A stored file has a random name; ``filename`` is the name it was uploaded with, given
    # back on download. ``content_type`` is the type read from the content, not the browser's.
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="evidence_is_a_link_or_a_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The link to the evidence: its own address, or the download of its file."""
        if not self.file:
            return self.url
        return reverse(
            "plans:evidence_download", kwargs={"pk": self.pk, "filename": self.download_name}
        )

    @property
    def download_name(self) -> str:
        """The name a downloaded file gets: the name it was uploaded with."""
        return self.filename or PurePosixPath(self.file.name or "").name

    @property
    def file_type(self) -> str:
        kind = kind_for_content_type(self.content_type)
        return kind.label if kind else self.content_type


class CommitmentVersion(models.Model):
    """A snapshot of a commitment's public fields each time a published commitment changes:
    what changed, when and by which organisation (people are not named)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=CommitmentStatus.choices)
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["commitment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="commitment_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment.identifier} v{self.number}"
