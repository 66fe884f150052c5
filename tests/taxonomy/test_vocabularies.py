"""The shipped vocabularies, their pages and their SKOS export."""

from __future__ import annotations

import csv

import pytest
from django.conf import settings
from django.urls import reverse
from rdflib import SKOS, Graph, URIRef

from openplan.taxonomy.models import Concept, Scheme
from openplan.taxonomy.selectors import concept_lookup_by_label
from tests.shared_data import OGP_SAMPLE

pytestmark = pytest.mark.django_db


def test_the_86_policy_areas_are_nested_under_their_umbrellas() -> None:
    areas = Concept.objects.filter(scheme__slug="ogp-policy-areas")
    assert areas.count() == 86
    open_contracting = areas.get(notation="open-contracting")
    assert open_contracting.parent is not None
    assert open_contracting.parent.pref_label == "Anti-Corruption and Integrity"
    assert areas.get(notation="digital-inclusion").parent.notation == "digital-governance"  # type: ignore[union-attr]


def test_every_policy_area_column_of_the_ogp_export_maps_to_a_concept() -> None:
    if not OGP_SAMPLE.exists():
        pytest.fail(f"{OGP_SAMPLE} is missing: tests read the real OGP sample from ../shared")
    with OGP_SAMPLE.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = header[
        header.index("Anti-Corruption and Integrity") : header.index("Money in Politics") + 1
    ]
    lookup = concept_lookup_by_label(scheme="ogp-policy-areas")
    assert len(columns) == 86
    assert [column for column in columns if column.lower() not in lookup] == []
    # Parents come before their children in the export, as in the registry.
    positions = {lookup[c.lower()].pk: i for i, c in enumerate(columns)}
    for concept in Concept.objects.filter(scheme__slug="ogp-policy-areas", parent__isnull=False):
        assert positions[concept.parent_id] < positions[concept.pk]  # type: ignore[index]


def test_open_digital_typology() -> None:
    parent = Concept.objects.get(scheme__slug="open-digital", notation="open-digital")
    children = set(parent.children.values_list("pref_label", flat=True))
    assert children == {
        "Open data",
        "E-petitions",
        "Digital inclusion",
        "Automated decision-making",
        "Digital government",
        "Open source",
        "Data strategy",
    }
    digital_government = parent.children.get(notation="digital-government")
    assert "Internet of Things" in digital_government.definition
    assert "e-Government" in digital_government.alt_labels


def test_irm_scales_and_values_are_shipped() -> None:
    def labels(slug: str) -> list[str]:
        return list(Concept.objects.filter(scheme__slug=slug).values_list("notation", flat=True))

    assert labels("irm-completion") == [
        "not-started",
        "limited",
        "substantial",
        "complete",
        "withdrawn",
        "no-evidence-available",
    ]
    assert labels("irm-potential-for-results") == ["unclear", "modest", "substantial"]
    assert len(labels("ogp-values")) == 4


def test_pages_render_with_constant_queries(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(4):
        assert client.get(reverse("taxonomy:scheme_list")).status_code == 200
    with django_assert_max_num_queries(5):
        page = client.get(reverse("taxonomy:scheme_detail", args=["ogp-policy-areas"]))
    assert "Open Contracting" in page.content.decode()
    with django_assert_max_num_queries(5):
        page = client.get(
            reverse("taxonomy:concept_detail", args=["ogp-policy-areas", "open-contracting"])
        )
    assert "Anti-Corruption and Integrity" in page.content.decode()
    assert (
        client.get(
            reverse("taxonomy:concept_detail", args=["ogp-policy-areas", "nope"])
        ).status_code
        == 404
    )
    assert client.get("/vocab/ogp-policy-areas/skos.xml").status_code == 404


@pytest.mark.parametrize(("fmt", "rdf_format"), [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_skos_export_round_trips(client, fmt: str, rdf_format: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("taxonomy:scheme_export", args=["ogp-policy-areas", fmt]))
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdf_format)
    scheme = Scheme.objects.get(slug="ogp-policy-areas")
    concepts = set(graph.subjects(SKOS.inScheme, URIRef(scheme.uri)))
    assert len(concepts) == 86
    open_contracting = URIRef(scheme.uri + "open-contracting/")
    assert (
        open_contracting,
        SKOS.broader,
        URIRef(scheme.uri + "anti-corruption-and-integrity/"),
    ) in graph
    assert (
        len(set(graph.objects(URIRef(scheme.uri), SKOS.hasTopConcept)))
        == Concept.objects.filter(scheme=scheme, parent__isnull=True).count()
    )
    # Each concept URI is the address of its page.
    path = str(open_contracting).removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
