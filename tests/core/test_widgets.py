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
