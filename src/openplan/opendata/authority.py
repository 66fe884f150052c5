"""Terms of the EU Publications Office authority tables and IANA media types that the
catalogue uses. Each term is also typed in the graph (``describe``), so that a validator that
does not fetch remote vocabularies sees the classes DCAT-AP expects."""

from __future__ import annotations

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, Namespace, URIRef

EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = Namespace(EU + "data-theme/")
FILE_TYPE = Namespace(EU + "file-type/")
ACCESS_RIGHT = Namespace(EU + "access-right/")
LANGUAGE = Namespace(EU + "language/")
COUNTRY = Namespace(EU + "country/")
IANA = "https://www.iana.org/assignments/media-types/"

THEME_SCHEME = URIRef(EU + "data-theme")
GOVERNMENT = DATA_THEME.GOVE
PUBLIC = ACCESS_RIGHT.PUBLIC
SKOS_STANDARD = URIRef("http://www.w3.org/2004/02/skos/core")

# ISO 639-1 (how OpenPlan stores languages) → the EU language table (ISO 639-2/B-like).
LANGUAGES = {
    "bg": "BUL", "ca": "CAT", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG",
    "es": "SPA", "et": "EST", "fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN",
    "it": "ITA", "lt": "LIT", "lv": "LAV", "mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR",
    "ro": "RON", "sk": "SLK", "sl": "SLV", "sv": "SWE", "uk": "UKR", "ar": "ARA", "ru": "RUS",
    "tr": "TUR", "id": "IND", "ko": "KOR", "ja": "JPN", "zh": "ZHO", "sq": "SQI", "ka": "KAT",
}  # fmt: skip


def language(code: str) -> URIRef | None:
    """The EU language term for an ISO 639-1 code, or None for a language it has no term for."""
    term = LANGUAGES.get(code.split("-")[0].lower())
    return LANGUAGE[term] if term else None


def media_type(mime: str) -> URIRef:
    return URIRef(IANA + mime)


def describe(graph: Graph, term: URIRef, kind: URIRef, label: str = "") -> URIRef:
    """Type an external term (and label it, for SKOS concepts) so the graph validates alone."""
    graph.add((term, RDF.type, kind))
    if kind == SKOS.Concept:
        graph.add((term, SKOS.prefLabel, Literal(label, lang="en")))
        graph.add((term, SKOS.inScheme, THEME_SCHEME))
    if kind == SKOS.ConceptScheme:
        graph.add((term, DCTERMS.title, Literal(label, lang="en")))
    return term
