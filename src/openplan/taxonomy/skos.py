"""SKOS export of a scheme with rdflib (Turtle, JSON-LD)."""

from __future__ import annotations

from rdflib import DCTERMS, OWL, RDF, SKOS, Graph, Literal, URIRef

from openplan.taxonomy.models import Scheme
from openplan.taxonomy.selectors import concept_tree

FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def scheme_graph(scheme: Scheme) -> Graph:
    """The scheme as a SKOS graph; ``scheme`` must come from ``selectors.scheme_get``."""
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    node = URIRef(scheme.uri)
    graph.add((node, RDF.type, SKOS.ConceptScheme))
    graph.add((node, DCTERMS.title, Literal(scheme.title, lang="en")))
    graph.add((node, OWL.versionInfo, Literal(scheme.version)))
    if scheme.description:
        graph.add((node, DCTERMS.description, Literal(scheme.description, lang="en")))
    if scheme.publisher:
        graph.add((node, DCTERMS.publisher, Literal(scheme.publisher)))
    uris = {c.pk: URIRef(_concept_uri(scheme, c.notation)) for c in scheme.concepts.all()}
    for top, children in concept_tree(scheme):
        graph.add((node, SKOS.hasTopConcept, uris[top.pk]))
        graph.add((uris[top.pk], SKOS.topConceptOf, node))
        for child in children:
            graph.add((uris[child.pk], SKOS.broader, uris[top.pk]))
            graph.add((uris[top.pk], SKOS.narrower, uris[child.pk]))
    for concept in scheme.concepts.all():
        subject = uris[concept.pk]
        graph.add((subject, RDF.type, SKOS.Concept))
        graph.add((subject, SKOS.inScheme, node))
        graph.add((subject, SKOS.notation, Literal(concept.notation)))
        graph.add((subject, SKOS.prefLabel, Literal(concept.pref_label, lang="en")))
        for lang, label in sorted(concept.labels.items()):
            graph.add((subject, SKOS.prefLabel, Literal(label, lang=lang)))
        for alt in concept.alt_labels:
            if alt != concept.pref_label:
                graph.add((subject, SKOS.altLabel, Literal(alt, lang="en")))
        if concept.definition:
            graph.add((subject, SKOS.definition, Literal(concept.definition, lang="en")))
    return graph


def _concept_uri(scheme: Scheme, notation: str) -> str:
    return f"{scheme.uri}{notation}/"


def scheme_serialize(scheme: Scheme, fmt: str) -> tuple[str, str]:
    """(body, content type) of the scheme in ``fmt`` (a key of FORMATS)."""
    rdflib_format, content_type = FORMATS[fmt]
    return scheme_graph(scheme).serialize(format=rdflib_format), content_type
