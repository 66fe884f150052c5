"""The commitment list's filters: one form serves the HTML page and its CSV download."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from openplan.core.widgets import Select
from openplan.plans.models import Commitment, Level, Member
from openplan.plans.states import Completion
from openplan.taxonomy.models import Concept

LOOKUPS = {
    "member": "action_plan__member",
    "level": "action_plan__member__level",
    "region": "action_plan__member__region__iexact",
    "completion": "completion",
    "area": "tags",
}
SORTS = {
    "identifier": ("identifier",),
    "-start": ("-start_date", "identifier"),
    "member": ("action_plan__member__name", "identifier"),
    "title": ("title",),
}


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or text"), required=False, max_length=200)
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.order_by("name").only("slug", "name"),
        required=False,
        to_field_name="slug", empty_label=_("All members"), widget=Select,
    )  # fmt: skip
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False,
        widget=Select,
    )  # fmt: skip
    region = forms.CharField(label=_("Region"), required=False, max_length=100)
    completion = forms.ChoiceField(
        label=_("Completion"), choices=[("", _("Any")), *Completion.choices], required=False,
        widget=Select,
    )  # fmt: skip
    area = forms.ModelChoiceField(
        label=_("Policy area"),
        queryset=Concept.objects.filter(scheme__slug="ogp-policy-areas")
        .order_by("position").only("notation", "pref_label", "labels"),
        required=False, to_field_name="notation", empty_label=_("All policy areas"),
        widget=Select,
    )  # fmt: skip
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=Select,
        choices=[
            ("identifier", _("Identifier")),
            ("-start", _("Newest first")),
            ("member", _("Member")),
            ("title", _("Title")),
        ],
    )

    def apply(self, commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
        """Filter and sort; call only once ``is_valid()`` (invalid filters are ignored)."""
        data = self.cleaned_data
        for name, lookup in LOOKUPS.items():
            if data.get(name):
                commitments = commitments.filter(**{lookup: data[name]})
        if data.get("q"):
            words = data["q"]
            commitments = commitments.filter(
                Q(title__icontains=words) | Q(full_text__icontains=words)
            )
        if data.get("year"):
            commitments = commitments.filter(
                action_plan__start_year__lte=data["year"], action_plan__end_year__gte=data["year"]
            )
        return commitments.order_by(*SORTS[data.get("sort") or "identifier"])
