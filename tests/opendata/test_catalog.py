"""The DCAT-AP 3 catalogue: valid against the official SHACL shapes, negotiated formats,
public data only, working download links, and a constant number of queries."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from openplan.plans.models import Commitment
from tests.opendata.world import World, add_member, build
from tests.shared_data import DCAT_AP_SHACL

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
CATALOG = URIRef(f"{BASE}/catalog")
TURTLE = {"HTTP_ACCEPT": "text/turtle"}


def node(fragment: str) -> URIRef:
    return URIRef(f"{BASE}/catalog#{fragment}")


def fetch(client: Client, url: str = "/catalog", fmt: str = "turtle", **headers: str) -> Graph:
    response = client.get(url, **(headers or TURTLE))
    assert response.status_code == 200, response.content[:500]
    return Graph().parse(data=response.content, format=fmt)


@pytest.fixture
def world(db: None) -> World:
    return build()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    if not DCAT_AP_SHACL.exists():
        pytest.fail(f"{DCAT_AP_SHACL} is missing: the tests read DCAT-AP's shapes from ../shared")
    return Graph().parse(DCAT_AP_SHACL)


def test_the_catalogue_conforms_to_dcat_ap_3(client: Client, world: World, shapes: Graph) -> None:
    from pyshacl import validate

    graph = fetch(client)
    _conforms, report, text = validate(graph, shacl_graph=shapes, inference="none")
    severities = [
        report.value(result, ns.SH.resultSeverity)
        for result in report.subjects(ns.RDF.type, ns.SH.ValidationResult)
    ]
    violations = severities.count(ns.SH.Violation)
    warnings = severities.count(ns.SH.Warning)
    print(f"DCAT-AP 3.0.1 SHACL: {violations} violations, {warnings} warnings")
    assert violations == 0, text


@pytest.mark.parametrize(
    ("accept", "content_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/json", "application/ld+json", "json-ld"),
        ("*/*", "text/turtle", "turtle"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_content_negotiation(  # type: ignore[no-untyped-def]
    client, world: World, accept: str, content_type: str, rdflib_format: str
) -> None:
    response = client.get("/catalog", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert "Accept" in response["Vary"]
    assert response["Access-Control-Allow-Origin"] == "*"
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (CATALOG, ns.RDF.type, ns.DCAT.Catalog) in graph
    assert len(graph) == len(fetch(client))


def test_without_an_accept_header_the_catalogue_is_turtle(client: Client, world: World) -> None:
    response = client.get("/catalog")
    assert response["Content-Type"].startswith("text/turtle")


@pytest.mark.parametrize(
    ("fmt", "content_type", "rdflib_format"),
    [("ttl", "text/turtle", "turtle"), ("jsonld", "application/ld+json", "json-ld"),
     ("rdf", "application/rdf+xml", "xml")],
)  # fmt: skip
def test_each_format_has_its_own_address(  # type: ignore[no-untyped-def]
    client, world: World, fmt: str, content_type: str, rdflib_format: str
) -> None:
    response = client.get(f"/catalog.{fmt}", HTTP_ACCEPT="text/html")
    assert response["Content-Type"].split(";")[0] == content_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == len(fetch(client))


def test_browsers_get_a_page_linking_the_formats(client: Client, world: World) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/catalog", HTTP_ACCEPT=browser)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for path in ("/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/feeds/commitments.atom"):
        assert f'href="{path}"' in html
    assert html.count("<h1") == 1


def test_an_unknown_type_is_not_acceptable(client: Client, world: World) -> None:
    response = client.get("/catalog", HTTP_ACCEPT="image/png")
    assert response.status_code == 406
    assert b"text/turtle" in response.content
    assert client.get("/catalog.xls").status_code == 404


def test_datasets_per_member_plan_and_vocabulary_and_no_drafts(
    client: Client, world: World
) -> None:
    graph = fetch(client)
    datasets = set(graph.objects(CATALOG, ns.DCAT.dataset))
    expected = {node("commitments")}
    expected |= {node(f"member-{m.slug}") for m in world.members}
    expected |= {node(f"plan-{p.member.slug}-{p.number}") for p in world.plans}
    expected |= {node("vocabulary-ogp-policy-areas")}
    assert expected <= datasets
    assert node("member-hidden") not in datasets  # only draft commitments
    assert node(f"plan-{world.members[0].slug}-9") not in datasets  # a draft plan
    body = client.get("/catalog", **TURTLE).content.decode()
    assert "Secret draft" not in body and "Hidden Member" not in body


def test_the_counts_exclude_drafts(client: Client, world: World) -> None:
    graph = fetch(client)
    description = str(graph.value(node("commitments"), ns.DCTERMS.description))
    public = Commitment.objects.filter(status="published").count()
    assert f"({public} commitments)" in description
    member = world.members[1]
    text = str(graph.value(node(f"member-{member.slug}"), ns.DCTERMS.description))
    assert text.startswith("4 published or withdrawn commitments")


def test_every_download_exists_and_matches_its_dataset(client: Client, world: World) -> None:
    graph = fetch(client)
    urls = {str(url) for url in graph.objects(None, ns.DCAT.downloadURL)}
    assert urls and all(url.startswith(BASE) for url in urls)
    for url in urls:
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, url
    plan = world.plans[-1]
    csv_url = next(u for u in urls if f"plan={plan.number}" in u and plan.member.slug in u)
    body = b"".join(client.get(csv_url.removeprefix(BASE)).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))[1:]
    assert len(rows) == 2  # the plan's two published commitments, not its draft


def test_the_api_is_a_distribution_of_the_commitments_and_answers(
    client: Client, world: World
) -> None:
    graph = fetch(client)
    api = node("commitments-api")
    assert (node("commitments"), ns.DCAT.distribution, api) in graph
    access = str(graph.value(api, ns.DCAT.accessURL))
    assert access == f"{BASE}/api/v1/commitments"
    body = client.get(access.removeprefix(BASE)).json()
    assert len(body["items"]) == Commitment.objects.filter(status="published").count()
    schema = str(graph.value(api, ns.DCTERMS.conformsTo))
    assert client.get(schema.removeprefix(BASE)).json()["openapi"].startswith("3.1")


def test_modified_is_the_latest_change_of_the_data(client: Client, world: World) -> None:
    commitment = world.published[-1]
    commitment.title = "Changed"
    commitment.save()
    graph = fetch(client)
    member = commitment.action_plan.member
    modified = graph.value(node(f"member-{member.slug}"), ns.DCTERMS.modified).toPython()
    assert modified == commitment.updated_at.replace(microsecond=0)
    assert graph.value(CATALOG, ns.DCTERMS.modified).toPython() >= modified


def test_settings_name_the_publisher_contact_licence_and_base(  # type: ignore[no-untyped-def]
    client, world: World, settings
) -> None:
    settings.OPENPLAN_BASE_URL = "https://data.example.org/openplan"
    settings.OPENPLAN_PUBLISHER_NAME = "Ministry of Openness"
    settings.OPENPLAN_PUBLISHER_URL = "https://ministry.example.org/"
    settings.OPENPLAN_CONTACT_EMAIL = "opendata@example.org"
    settings.OPENPLAN_DATA_LICENCE = "https://creativecommons.org/publicdomain/zero/1.0/"
    graph = fetch(client)
    catalog = URIRef("https://data.example.org/openplan/catalog")
    publisher = URIRef("https://ministry.example.org/")
    assert (catalog, ns.DCTERMS.publisher, publisher) in graph
    assert str(graph.value(publisher, ns.FOAF.name)) == "Ministry of Openness"
    assert (catalog, ns.DCTERMS.license, URIRef(settings.OPENPLAN_DATA_LICENCE)) in graph
    assert "mailto:opendata@example.org" in {str(o) for o in graph.objects(None, None)}
    urls = [str(u) for u in graph.objects(None, ns.DCAT.accessURL)]
    assert all(u.startswith("https://data.example.org/openplan/") for u in urls)


def test_the_catalogue_takes_constant_queries(  # type: ignore[no-untyped-def]
    client, world: World, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10) as small:
        client.get("/catalog", **TURTLE)
    for n in range(10, 14):
        add_member(World(), n, plans=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/catalog", **TURTLE)
    graph = Graph().parse(data=response.content, format="turtle")
    assert node("member-member-13") in set(graph.objects(CATALOG, ns.DCAT.dataset))


def test_the_catalogue_is_listed_in_the_footer(client: Client, world: World) -> None:
    assert reverse("opendata:catalog") in client.get("/").content.decode()


def test_the_validation_would_catch_a_missing_title(  # type: ignore[no-untyped-def]
    client, world: World, shapes: Graph
) -> None:
    from pyshacl import validate

    graph = fetch(client)
    graph.remove((node("commitments"), ns.DCTERMS.title, None))
    graph.remove((node("commitments-csv"), ns.DCAT.accessURL, None))
    conforms, report, _text = validate(graph, shacl_graph=shapes, inference="none")
    assert not conforms
    assert len(set(report.subjects(ns.RDF.type, ns.SH.ValidationResult))) == 2
