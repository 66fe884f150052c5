"""The JSON API in the DCAT-AP catalogue: a JSON distribution of the commitments dataset whose
access address is the API's commitment list, conforming to the API's OpenAPI document.

Not described as a ``dcat:DataService``: the DCAT-AP 3.0.1 SHACL shapes for data services are
not well-formed for pyshacl (``dcat:DataServiceShape`` property shape), so a catalogue with one
cannot be validated here; the distribution says the same to a harvester."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import DCAT, DCTERMS, RDF, URIRef

from openplan.opendata import authority as eu

if TYPE_CHECKING:
    from openplan.opendata.dcat import CatalogBuilder


def add_api(builder: CatalogBuilder, commitments: URIRef) -> None:
    from openplan.opendata.dcat import _date_time, translated

    node = builder.site.node("commitments-api")
    builder.add(commitments, DCAT.distribution, node)
    builder.add(node, RDF.type, DCAT.Distribution)
    builder.add(node, DCTERMS.title, *translated(lambda: _("Commitments through the JSON API")))
    builder.add(node, DCTERMS.description, *translated(lambda: _(
        "The public JSON API, version 1: cursor pagination, the filters of the commitment "
        "list, and modified_since for incremental harvesting. Its OpenAPI document describes it."
    )))  # fmt: skip
    builder.add(node, DCAT.accessURL, builder.site.url(reverse("api-v1:commitment_list")))
    openapi = builder.site.url(reverse("api-v1:openapi-json"))
    builder.add(node, DCTERMS.conformsTo, eu.describe(builder.graph, openapi, DCTERMS.Standard))
    builder.add(node, DCAT.mediaType, eu.describe(
        builder.graph, eu.media_type("application/json"), DCTERMS.MediaType
    ))  # fmt: skip
    builder.add(node, DCTERMS.format, eu.describe(
        builder.graph, eu.FILE_TYPE.JSON, DCTERMS.MediaTypeOrExtent
    ))  # fmt: skip
    builder.add(node, DCTERMS.license, builder.licence)
    builder.add(node, DCTERMS.modified, _date_time(builder.data.commitments_modified))
