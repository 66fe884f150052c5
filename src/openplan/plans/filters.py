"""The filters of the public lists. For commitments, one form serves the HTML page and its CSV
download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from openplan.core.pagecache import per_content_version
from openplan.core.rows import among_ids
from openplan.core.widgets import Select
from openplan.plans.models import Commitment, Level, Member
from openplan.plans.selectors import member_regions
from openplan.plans.states import CommitmentStatus, Completion
from openplan.search.selectors import matching_ids, newest_matching_ids
from openplan.taxonomy.models import Concept

LOOKUPS = {
    "member": "action_plan__member",
    "plan": "action_plan__number",
    "level": "action_plan__member__level",
    "region": "action_plan__member__region__iexact",
    "status": "status",
    "completion": "completion",
    "area": "tags",
    "value": "tags",
    "digital": "tags",
}
KIND = "plans.commitment"
SORTS = {
    "identifier": ("identifier",),
    "-start": ("-start_date", "identifier"),
    "member": ("action_plan__member__name", "identifier"),
    "title": ("title",),
}


Row = tuple[str, str, int]  # a choice: public key (slug, notation), label, primary key


class RowChoiceField(forms.ChoiceField):
    """A choice of one row by its public key (a slug, a notation), cleaned to the row's primary
    key. The rows are read once per content version and language (``per_content_version``),
    not as a few hundred model instances on every request of the commitment list."""

    def __init__(self, *, rows: Callable[[], list[Row]], name: str, empty: Any, **kwargs: Any):
        self.rows = lambda: per_content_version(f"plans.filters:{name}", rows)
        super().__init__(
            choices=lambda: [("", empty), *((key, label) for key, label, _pk in self.rows())],
            required=False, widget=Select(kept_as=f"plans.filters:{name}"), **kwargs,
        )  # fmt: skip

    def clean(self, value: Any) -> int | None:
        key = super().clean(value)
        return (
            next((pk for found, _label, pk in self.rows() if found == key), None) if key else None
        )


def _members() -> list[Row]:
    return list(Member.objects.order_by("name").values_list("slug", "name", "pk"))


def _concepts(scheme: str) -> Callable[[], list[Row]]:
    def rows() -> list[Row]:
        concepts = Concept.objects.filter(scheme__slug=scheme).order_by("position")
        return [
            (c.notation, c.label, c.pk) for c in concepts.only("notation", "pref_label", "labels")
        ]

    return rows


def _concept_choice(scheme: str, label: Any, empty: Any) -> RowChoiceField:
    return RowChoiceField(rows=_concepts(scheme), name=scheme, empty=empty, label=label)


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or text"), required=False, max_length=200)
    member = RowChoiceField(
        rows=_members, name="members", empty=_("All members"), label=_("Member")
    )
    plan = forms.IntegerField(
        label=_("Action plan number"), required=False, min_value=1, max_value=99,
        help_text=_("With a member: its first, second… action plan."),
    )  # fmt: skip
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False,
        widget=Select,
    )  # fmt: skip
    region = forms.CharField(label=_("Region"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Published or withdrawn")),
            (CommitmentStatus.PUBLISHED, CommitmentStatus.PUBLISHED.label),
            (CommitmentStatus.WITHDRAWN, CommitmentStatus.WITHDRAWN.label),
        ],
        required=False,
        widget=Select,
    )
    completion = forms.ChoiceField(
        label=_("Completion"), choices=[("", _("Any")), *Completion.choices], required=False,
        widget=Select,
    )  # fmt: skip
    area = _concept_choice("ogp-policy-areas", _("Policy area"), _("All policy areas"))
    value = _concept_choice("ogp-values", _("OGP value"), _("All OGP values"))
    digital = _concept_choice("open-digital", _("Open-digital type"), _("All types"))
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

    # Set by ``apply(newest=...)``: words chose the commitments (``chose``), and they matched
    # more than the list holds (``cut``).
    chose = cut = False

    def apply(
        self, commitments: QuerySet[Commitment], *, newest: int | None = None
    ) -> QuerySet[Commitment]:
        """Filter and sort; call only once ``is_valid()`` (invalid filters are ignored). With
        ``newest``, the words keep only the newest ``newest`` matching commitments (after the
        other filters) and ``cut`` says whether more matched; without it, every match (the CSV
        download)."""
        data = self.cleaned_data
        narrowed = False
        for name, lookup in LOOKUPS.items():
            if data.get(name):
                commitments, narrowed = commitments.filter(**{lookup: data[name]}), True
        if data.get("year"):
            commitments = commitments.filter(
                action_plan__start_year__lte=data["year"], action_plan__end_year__gte=data["year"]
            )
            narrowed = True
        if data.get("q"):
            commitments = self._words(commitments, data["q"], narrowed, newest)
        return commitments.order_by(*SORTS[data.get("sort") or "identifier"])

    def _words(
        self, commitments: QuerySet[Commitment], text: str, narrowed: bool, newest: int | None
    ) -> QuerySet[Commitment]:
        if newest is None:
            matching = matching_ids(KIND, text)
            return commitments if matching is None else commitments.filter(pk__in=matching)
        # Every indexed commitment is public, as are the list's: without other filters, the
        # index alone says which match.
        among = commitments if narrowed else None
        ids = newest_matching_ids(KIND, text, among=among, limit=newest + 1)
        if ids is None:
            return commitments
        self.chose, self.cut = True, len(ids) > newest
        return commitments.filter(pk__in=among_ids(ids[:newest]))


class MemberFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False,
        widget=Select,
    )  # fmt: skip
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [(region, region) for region in member_regions()]
        self.fields["region"].choices = [("", _("All regions")), *regions]  # type: ignore[attr-defined]
