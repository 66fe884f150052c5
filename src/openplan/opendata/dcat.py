"""The DCAT-AP 3 catalogue of what OpenPlan publishes, as an rdflib graph.

Datasets: all public commitments, those of each member and of each action plan (public data
only, see ``selectors.catalog_data``), each vocabulary, and all public data once the bulk
downloads are built (``exports/dcat.py``). Distributions are the downloads that exist: the
commitment CSV with its ``member``/``plan`` filters, the SKOS exports and the bulk downloads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rdflib import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef

from openplan.opendata import authority as eu
from openplan.opendata.api.dcat import add_api
from openplan.opendata.exports.dcat import add_bulk_downloads
from openplan.opendata.selectors import CatalogData, Entry
from openplan.plans.models import ActionPlan, Level, Member
from openplan.taxonomy.models import Scheme

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
DCAT_AP_3 = URIRef("https://semiceu.github.io/DCAT-AP/releases/3.0.1")

# Format key → (rdflib serializer, content type, EU file type, file extension).
FORMATS = {
    "ttl": ("turtle", "text/turtle", eu.FILE_TYPE.RDF_TURTLE),
    "jsonld": ("json-ld", "application/ld+json", eu.FILE_TYPE.JSON_LD),
    "rdf": ("xml", "application/rdf+xml", eu.FILE_TYPE.RDF_XML),
}
CSV = ("text/csv", eu.FILE_TYPE.CSV)


@dataclass(frozen=True)
class Site:
    """Where the catalogue lives: ``base`` is scheme and host (and any prefix), no slash."""

    base: str

    def url(self, path: str, query: dict[str, str | int] | None = None) -> URIRef:
        return URIRef(self.base + path + (f"?{urlencode(query)}" if query else ""))

    def page(self, name: str, *args: str | int) -> URIRef:
        return self.url(reverse(name, args=args))

    def node(self, fragment: str) -> URIRef:
        return URIRef(f"{self.url(reverse('opendata:catalog'))}#{fragment}")


def translated(make: Callable[[], str]) -> list[Literal]:
    """``make()`` in each interface language that has a translation of it (English always)."""
    with translation.override("en"):
        english = make()
    literals = [Literal(english, lang="en")]
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        with translation.override(code):
            text = make()
        if text != english:
            literals.append(Literal(text, lang=code))
    return literals


class CatalogBuilder:
    """Builds the graph; one instance per request."""

    def __init__(self, data: CatalogData, site: Site) -> None:
        self.data = data
        self.site = site
        self.graph = Graph()
        for prefix, namespace in (
            ("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD),
            ("skos", SKOS), ("dcatap", DCATAP), ("xsd", XSD),
        ):  # fmt: skip
            self.graph.bind(prefix, namespace)
        self._translations: dict[object, list[Literal]] = {}
        self.catalog = site.page("opendata:catalog")
        self.publisher = self._publisher()
        self.contact = self._contact()
        self.licence = eu.describe(
            self.graph, URIRef(settings.OPENPLAN_DATA_LICENCE), DCTERMS.LicenseDocument
        )

    def once(self, make: Callable[[], str]) -> list[Literal]:
        """``translated(make)`` for a text that is the same for every dataset, computed once."""
        key = make.__code__
        if key not in self._translations:
            self._translations[key] = translated(make)
        return self._translations[key]

    def add(self, subject: URIRef | BNode, predicate: URIRef, *objects: object) -> None:
        for obj in objects:
            if obj is not None:
                self.graph.add((subject, predicate, obj))  # type: ignore[arg-type]

    def build(self) -> Graph:
        self._catalog()
        self._commitments_dataset()
        add_bulk_downloads(self)
        for entry in self.data.members:
            self._member_dataset(entry)
        for entry in self.data.plans:
            self._plan_dataset(entry)
        for entry in self.data.schemes:
            self._vocabulary_dataset(entry)
        return self.graph

    # --- Agents -----------------------------------------------------------------------------
    def _publisher(self) -> URIRef:
        url = settings.OPENPLAN_PUBLISHER_URL
        node = URIRef(url) if url else self.site.node("publisher")
        self.add(node, RDF.type, FOAF.Agent, FOAF.Organization)
        self.add(node, FOAF.name, Literal(settings.OPENPLAN_PUBLISHER_NAME))
        return node

    def _contact(self) -> URIRef:
        node = self.site.node("contact")
        self.add(node, RDF.type, VCARD.Kind, VCARD.Organization)
        self.add(node, VCARD.fn, Literal(settings.OPENPLAN_PUBLISHER_NAME))
        if settings.OPENPLAN_CONTACT_EMAIL:
            self.add(node, VCARD.hasEmail, URIRef(f"mailto:{settings.OPENPLAN_CONTACT_EMAIL}"))
        self.add(node, VCARD.hasURL, self.site.page("web:about"))
        return node

    # --- Catalogue --------------------------------------------------------------------------
    def _catalog(self) -> None:
        site = settings.OPENPLAN_SITE_NAME
        node, g = self.catalog, self.graph
        self.add(node, RDF.type, DCAT.Catalog)
        self.add(node, DCTERMS.title, *translated(lambda: _("%(site)s open data") % {"site": site}))
        self.add(node, DCTERMS.description, *translated(lambda: _(
            "Open government action plans, their commitments and the progress reported on "
            "them, and the vocabularies that classify them, published by %(site)s."
        ) % {"site": site}))  # fmt: skip
        self.add(node, DCTERMS.publisher, self.publisher)
        homepage = self.site.page("web:home")
        self.add(node, FOAF.homepage, eu.describe(g, homepage, FOAF.Document))
        self.add(node, DCTERMS.license, self.licence)
        self.add(node, DCTERMS.language, *self._languages(c for c, _n in settings.LANGUAGES))
        self.add(node, DCTERMS.issued, _date_time(self.data.issued))
        self.add(node, DCTERMS.modified, _date_time(self.data.modified))
        self.add(node, DCTERMS.conformsTo, eu.describe(g, DCAT_AP_3, DCTERMS.Standard))
        self.add(node, DCAT.themeTaxonomy, eu.describe(
            g, eu.THEME_SCHEME, SKOS.ConceptScheme, "Data theme"
        ))  # fmt: skip

    def _languages(self, codes: Iterable[str]) -> list[URIRef]:
        terms = {term for code in codes if (term := eu.language(code)) is not None}
        return [eu.describe(self.graph, term, DCTERMS.LinguisticSystem) for term in sorted(terms)]

    # --- Datasets ---------------------------------------------------------------------------
    def _dataset(self, fragment: str, entry_modified: dt.datetime | None) -> URIRef:
        """A dataset with what every dataset here shares; the caller adds titles and the rest."""
        node = self.site.node(fragment)
        self.add(self.catalog, DCAT.dataset, node)
        self.add(node, RDF.type, DCAT.Dataset)
        self.add(node, DCTERMS.identifier, Literal(str(node)))
        self.add(node, DCTERMS.publisher, self.publisher)
        self.add(node, DCAT.contactPoint, self.contact)
        theme = eu.describe(self.graph, eu.GOVERNMENT, SKOS.Concept, "Government and public sector")
        self.add(node, DCAT.theme, theme)
        access = eu.describe(self.graph, eu.PUBLIC, DCTERMS.RightsStatement)
        self.add(node, DCTERMS.accessRights, access)
        self.add(node, DCTERMS.modified, _date_time(entry_modified))
        return node

    def _landing(self, node: URIRef, page: URIRef) -> None:
        self.add(node, DCAT.landingPage, eu.describe(self.graph, page, FOAF.Document))

    def _keywords(self, node: URIRef) -> None:
        self.add(node, DCAT.keyword, *self.once(lambda: _("open government")))
        self.add(node, DCAT.keyword, *self.once(lambda: _("action plan")))
        self.add(node, DCAT.keyword, Literal("OGP"))

    def _commitments_dataset(self) -> None:
        count = self.data.commitment_count
        node = self._dataset("commitments", self.data.commitments_modified)
        self.add(node, DCTERMS.title, *translated(lambda: _("Open government commitments")))
        self.add(node, DCTERMS.description, *translated(lambda: ngettext(
            "Every published or withdrawn commitment of every member's action plans "
            "(%(count)s commitment).",
            "Every published or withdrawn commitment of every member's action plans "
            "(%(count)s commitments).",
            count,
        ) % {"count": count}))  # fmt: skip
        self.add(node, DCTERMS.issued, _date_time(min(
            (m.first_created for m in self.data.members if m.first_created), default=None
        )))  # fmt: skip
        self.add(node, DCTERMS.language, *self._languages(self.data.languages.get("all", ())))
        self._landing(node, self.site.page("plans:commitment_list"))
        self._keywords(node)
        self._csv(node, "commitments", {}, self.data.commitments_modified)
        add_api(self, node)

    def _member_dataset(self, entry: Entry) -> None:
        member: Member = entry.obj  # type: ignore[assignment]
        node = self._dataset(f"member-{member.slug}", entry.last_modified)
        name, count = member.name, entry.count
        self.add(node, DCTERMS.title, *translated(
            lambda: _("Commitments of %(member)s") % {"member": name}
        ))  # fmt: skip
        self.add(node, DCTERMS.description, *translated(lambda: ngettext(
            "%(count)s published or withdrawn commitment in the action plans of %(member)s.",
            "%(count)s published or withdrawn commitments in the action plans of %(member)s.",
            count,
        ) % {"count": count, "member": name}))  # fmt: skip
        self._member_common(node, entry, member)
        self._landing(node, self.site.page("plans:member_detail", member.slug))
        self._csv(node, f"member-{member.slug}", {"member": member.slug}, entry.last_modified)

    def _member_common(self, node: URIRef, entry: Entry, member: Member) -> None:
        self.add(node, DCTERMS.issued, _date_time(entry.first_created))
        self.add(node, DCTERMS.language, *self._languages(self.data.languages.get(entry.key, ())))
        self._keywords(node)
        if member.level == Level.NATIONAL and re.fullmatch(r"[A-Z]{3}", member.code):
            country = eu.describe(self.graph, eu.COUNTRY[member.code], DCTERMS.Location)
            self.add(node, DCTERMS.spatial, country)

    def _plan_dataset(self, entry: Entry) -> None:
        plan: ActionPlan = entry.obj  # type: ignore[assignment]
        member = plan.member
        fragment = f"plan-{member.slug}-{plan.number}"
        node = self._dataset(fragment, entry.last_modified)
        values: dict[str, str | int] = {
            "number": plan.number, "member": member.name,
            "start": plan.start_year, "end": plan.end_year, "count": entry.count,
        }  # fmt: skip
        self.add(node, DCTERMS.title, *translated(lambda: _(
            "Action plan %(number)s of %(member)s (%(start)s–%(end)s)"
        ) % values))  # fmt: skip
        self.add(node, DCTERMS.description, *translated(lambda: ngettext(
            "%(count)s published or withdrawn commitment of this action plan of %(member)s.",
            "%(count)s published or withdrawn commitments of this action plan of %(member)s.",
            entry.count,
        ) % values))  # fmt: skip
        self._member_common(node, entry, member)
        self._period(node, plan.start_year, plan.end_year)
        self._landing(node, self.site.page("plans:action_plan_detail", plan.pk))
        query: dict[str, str | int] = {"member": member.slug, "plan": plan.number}
        self._csv(node, fragment, query, entry.last_modified)

    def _period(self, node: URIRef, start_year: int, end_year: int) -> None:
        period = BNode()
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        self.add(period, DCAT.startDate, Literal(dt.date(start_year, 1, 1), datatype=XSD.date))
        self.add(period, DCAT.endDate, Literal(dt.date(end_year, 12, 31), datatype=XSD.date))
        self.add(node, DCTERMS.temporal, period)

    def _vocabulary_dataset(self, entry: Entry) -> None:
        scheme: Scheme = entry.obj  # type: ignore[assignment]
        node = self._dataset(f"vocabulary-{scheme.slug}", entry.last_modified)
        title = scheme.title
        self.add(node, DCTERMS.title, Literal(title, lang="en"))
        if scheme.description:
            self.add(node, DCTERMS.description, Literal(scheme.description, lang="en"))
        else:
            self.add(node, DCTERMS.description, *translated(
                lambda: _("The controlled vocabulary “%(title)s”, in SKOS.") % {"title": title}
            ))  # fmt: skip
        self.add(node, DCTERMS.issued, _date_time(entry.first_created))
        self.add(node, DCAT_VERSION, Literal(scheme.version))
        if scheme.publisher:  # who made the vocabulary; we publish this copy of it
            creator = BNode()
            self.add(creator, RDF.type, FOAF.Agent)
            self.add(creator, FOAF.name, Literal(scheme.publisher))
            self.add(node, DCTERMS.creator, creator)
        self.add(node, DCTERMS.conformsTo, eu.describe(
            self.graph, eu.SKOS_STANDARD, DCTERMS.Standard
        ))  # fmt: skip
        self._landing(node, self.site.page("taxonomy:scheme_detail", scheme.slug))
        for fmt, label in (("ttl", "Turtle"), ("jsonld", "JSON-LD")):
            _serializer, mime, file_type = FORMATS[fmt]
            url = self.site.page("taxonomy:scheme_export", scheme.slug, fmt)
            self._distribution(
                node, f"vocabulary-{scheme.slug}-{fmt}", url, (mime, file_type),
                translated(lambda label=label: _("SKOS in %(format)s") % {"format": label}),  # type: ignore[misc]
                entry.last_modified,
            )  # fmt: skip

    # --- Distributions ----------------------------------------------------------------------
    def _csv(
        self,
        dataset: URIRef,
        fragment: str,
        query: dict[str, str | int],
        modified: dt.datetime | None,
    ) -> None:
        url = self.site.url(reverse("plans:commitment_csv"), query)
        titles = self.once(lambda: _("Commitments as CSV"))
        self._distribution(dataset, f"{fragment}-csv", url, CSV, titles, modified)

    def _distribution(
        self,
        dataset: URIRef,
        fragment: str,
        url: URIRef,
        kind: tuple[str, URIRef],
        titles: list[Literal],
        modified: dt.datetime | None,
    ) -> None:
        mime, file_type = kind
        node = self.site.node(fragment)
        self.add(dataset, DCAT.distribution, node)
        self.add(node, RDF.type, DCAT.Distribution)
        self.add(node, DCTERMS.title, *titles)
        self.add(node, DCAT.accessURL, url)
        self.add(node, DCAT.downloadURL, url)
        self.add(node, DCAT.mediaType, eu.describe(
            self.graph, eu.media_type(mime), DCTERMS.MediaType
        ))  # fmt: skip
        self.add(node, DCTERMS.format, eu.describe(
            self.graph, file_type, DCTERMS.MediaTypeOrExtent
        ))  # fmt: skip
        self.add(node, DCTERMS.license, self.licence)
        self.add(node, DCTERMS.modified, _date_time(modified))


def _date_time(value: dt.datetime | None) -> Literal | None:
    return None if value is None else Literal(value.replace(microsecond=0), datatype=XSD.dateTime)


def catalog_graph(data: CatalogData, site: Site) -> Graph:
    return CatalogBuilder(data, site).build()


def catalog_serialize(graph: Graph, fmt: str) -> tuple[str, str]:
    """(body, content type) of the catalogue in ``fmt`` (a key of FORMATS)."""
    serializer, content_type, _file_type = FORMATS[fmt]
    if serializer == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        body = graph.serialize(format="json-ld", context=context, auto_compact=True)
    else:
        body = graph.serialize(format=serializer)
    charset = "; charset=utf-8" if content_type != "application/ld+json" else ""
    return body, content_type + charset
