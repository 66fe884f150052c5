from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from openplan.core import files
from openplan.plans.models import Commitment, Milestone
from openplan.plans.services import EDITABLE_FIELDS, evidence_file_check
from openplan.plans.states import Completion
from openplan.taxonomy.models import Concept


class DateInput(forms.DateInput):
    input_type = "date"


TAG_SCHEMES = ("ogp-policy-areas", "ogp-values", "open-digital")


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group (here: per vocabulary)."""

    template_name = "web/forms/widgets/grouped_checkboxes.html"


def tag_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    concepts = Concept.objects.filter(scheme__slug__in=TAG_SCHEMES).select_related("scheme")
    groups: dict[str, list[tuple[int, str]]] = {}
    by_scheme = sorted(concepts, key=lambda c: (TAG_SCHEMES.index(c.scheme.slug), c.position))
    for concept in by_scheme:
        groups.setdefault(concept.scheme.title, []).append((concept.pk, concept.label))
    return list(groups.items())


class CommitmentForm(forms.Form):
    """The fields of OGP's commitment template and its tags. A plain form: the service
    validates the dates and writes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in EDITABLE_FIELDS:
            model_field = Commitment._meta.get_field(name)
            field = model_field.formfield() if isinstance(model_field, models.Field) else None
            if field is None:
                raise ImproperlyConfigured(f"Commitment.{name} cannot be edited in a form")
            if isinstance(field, forms.DateField):
                field.widget = DateInput(format="%Y-%m-%d")
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4
            self.fields[name] = field
        self.fields["title"].required = True
        tags = forms.ModelMultipleChoiceField(
            label=_("Tags"),
            queryset=Concept.objects.filter(scheme__slug__in=TAG_SCHEMES),
            required=False,
            widget=GroupedCheckboxes,
            help_text=_("Policy areas, the OGP values it serves and its open-digital type."),
        )
        tags.choices = tag_choices()
        self.fields["tags"] = tags


class ProgressForm(forms.Form):
    """A progress report. The source is required: an update without one is not accepted."""

    milestone = forms.ModelChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("The commitment as a whole"),
    )
    reported_on = forms.DateField(label=_("Date"), widget=DateInput(format="%Y-%m-%d"))
    completion = forms.ChoiceField(label=_("Completion"), choices=Completion.choices)
    percent = forms.IntegerField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )
    narrative = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Where this information comes from: a document, a meeting, a dataset."),
    )
    evidence_title = forms.CharField(label=_("Evidence: title"), required=False, max_length=300)
    evidence_url = forms.URLField(
        label=_("Evidence: link"), required=False, max_length=500, assume_scheme="https"
    )

    evidence_file = forms.FileField(
        label=_("Evidence: file"),
        required=False,
        widget=forms.FileInput(
            attrs={"accept": ",".join(e for kind in files.KINDS for e in kind.extensions)}
        ),
    )
    evidence_file_title = forms.CharField(
        label=_("Evidence: title of the file"),
        required=False,
        max_length=300,
        help_text=_("If left empty, the file's name."),
    )

    def __init__(self, *args: object, commitment: Commitment, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["milestone"].queryset = commitment.milestones.all()  # type: ignore[attr-defined]
        self.fields["evidence_file"].help_text = _(
            "Accepted types: %(types)s; at most %(limit)s MB. The type is read from the "
            "content, and the file's name must end in the matching extension."
        ) % {
            "types": files.kinds_label(),
            "limit": files.megabytes(settings.OPENPLAN_EVIDENCE_MAX_BYTES),
        }

    def clean_evidence_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("evidence_file")
        if upload:
            evidence_file_check(upload)
        return upload


class ActionPlanForm(forms.Form):
    """An action plan's title and years. The service checks that the years are in order."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    start_year = forms.IntegerField(label=_("First year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=1990, max_value=2100)


class MilestoneForm(forms.Form):
    """A milestone. The service checks its dates against the commitment's. Completion is
    not edited here: it changes through progress reports, which name their source."""

    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=DateInput(format="%Y-%m-%d")
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=_("Leave empty until the milestone is done."),
    )
