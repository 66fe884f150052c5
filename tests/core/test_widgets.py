"""``openplan.core.widgets``: the same HTML as Django's widgets, with less work."""

from __future__ import annotations

import pytest
from django import forms

from openplan.core.widgets import Select

CHOICES = [
    ("", "All"),
    ("a&b", "Ça & <là>"),
    ("Group", [("g1", "First in group"), ("g2", "Second")]),
    (3, "Three"),
]


@pytest.mark.parametrize("value", [None, "a&b", "g2", 3, ["nope"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_x", "required": True, "disabled": False, "aria-describedby": "h"}]
)
def test_select_writes_what_djangos_select_writes(value: object, attrs: dict | None) -> None:
    ours = Select(choices=CHOICES, attrs={"class": "wide"}).render("x", value, attrs=attrs)
    theirs = forms.Select(choices=CHOICES, attrs={"class": "wide"}).render("x", value, attrs=attrs)
    assert ours == theirs
    assert "&lt;là&gt;" in ours


def test_a_bound_field_renders_with_the_quick_select() -> None:
    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES[:2], widget=Select, required=False)

    html = str(Form({"pick": "a&b"})["pick"])
    assert '<option value="a&amp;b" selected>' in html and 'id="id_pick"' in html


def test_lazy_labels_model_choices_and_a_selected_value_render_as_djangos() -> None:
    from django.utils.translation import gettext_lazy

    from openplan.plans.models import Member

    choices = [("", gettext_lazy("All members")), (None, "No value"), ("x", gettext_lazy("Level"))]
    for value in (None, "x", ""):
        ours = Select(choices=choices).render("m", value)
        assert ours == forms.Select(choices=choices).render("m", value)

    class Form(forms.Form):
        member = forms.ModelChoiceField(Member.objects.none(), required=False)

    field = Form().fields["member"]
    assert Select(choices=field.choices).render("m", None) == forms.Select(
        choices=field.choices
    ).render("m", None)


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "a&b", 3, "3", "nope"])
def test_kept_options_render_as_djangos_and_follow_the_content(value: object) -> None:
    flat = [choice for choice in CHOICES if not isinstance(choice[1], list)]
    flat.append(("a&b", "Twice: only the first is selected"))
    kept = Select(choices=flat, kept_as="test:flat")
    assert kept.render("x", value) == forms.Select(choices=flat).render("x", value)
    assert kept.render("x", value) == forms.Select(choices=flat).render("x", value)  # kept


@pytest.mark.django_db
def test_kept_options_are_renewed_when_the_content_changes() -> None:
    from openplan.core.pagecache import content_changed

    assert "Old" in Select(choices=[("1", "Old")], kept_as="test:renew").render("x", None)
    assert "Old" in Select(choices=[("1", "New")], kept_as="test:renew").render("x", None)
    content_changed()
    assert "New" in Select(choices=[("1", "New")], kept_as="test:renew").render("x", "1")


@pytest.mark.django_db
def test_kept_options_cannot_be_grouped() -> None:
    with pytest.raises(ValueError, match="cannot be grouped"):
        Select(choices=CHOICES, kept_as="test:grouped").render("x", None)
