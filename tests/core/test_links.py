"""core.links.path_to: the path reverse() gives, without resolving the pattern each time."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from openplan.core.links import path_to


@pytest.mark.parametrize(
    "identifier", ["DMO0001", "ES-2024 07", "Ça & là?", "a:b@c~d", "100%", "née#1"]
)
def test_a_str_value_gives_reverses_path(identifier: str) -> None:
    assert path_to("plans:commitment_detail", identifier) == reverse(
        "plans:commitment_detail", args=[identifier]
    )


def test_slug_values_give_reverses_path() -> None:
    args = ["ogp-policy-areas", "open_data-2"]
    expected = reverse("taxonomy:concept_detail", args=args)
    assert path_to("taxonomy:concept_detail", *args) == expected


def test_the_script_prefix_is_part_of_the_path() -> None:
    try:
        set_script_prefix("/openplan/")
        assert path_to("plans:commitment_detail", "X1") == "/openplan/commitments/X1/"
    finally:
        set_script_prefix("/")
    assert path_to("plans:commitment_detail", "X1") == "/commitments/X1/"


def test_a_pattern_with_a_number_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        path_to("plans:evidence_download", "1", "name")  # <int:pk> takes no marker
