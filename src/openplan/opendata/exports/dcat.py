"""The bulk downloads in the DCAT-AP catalogue: a dataset "All public data" with one
distribution per built file (download address, media type, format, size, SHA-256 checksum).
Listed only once the files exist (the catalogue lists only distributions that exist)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import DCAT, DCTERMS, RDF, XSD, BNode, Literal, Namespace, URIRef

from openplan.opendata import authority as eu
from openplan.opendata.exports.files import FileEntry, manifest_read

if TYPE_CHECKING:
    from openplan.opendata.dcat import CatalogBuilder

SPDX = Namespace("http://spdx.org/rdf/terms#")
JSON_LINES = "application/jsonl"  # not registered with IANA: no dcat:mediaType for it


def add_bulk_downloads(builder: CatalogBuilder) -> None:
    manifest = manifest_read()
    if manifest is None:
        return
    from openplan.opendata.dcat import _date_time, translated

    node = builder._dataset("all", builder.data.modified)
    site = settings.OPENPLAN_SITE_NAME
    builder.add(node, DCTERMS.title, *translated(
        lambda: _("All public data of %(site)s") % {"site": site}
    ))  # fmt: skip
    builder.add(node, DCTERMS.description, *translated(lambda: _(
        "The whole public dataset in one file: members, action plans, published and withdrawn "
        "commitments, their co-owners, milestones, progress reports, evidence, and the "
        "vocabulary concepts that tag them."
    )))  # fmt: skip
    builder.add(node, DCTERMS.issued, _date_time(builder.data.issued))
    builder._landing(node, builder.site.page("opendata:downloads"))
    builder._keywords(node)
    builder.graph.bind("spdx", SPDX)
    for entry in manifest.files:
        _distribution(builder, node, entry)


def _distribution(builder: CatalogBuilder, dataset: URIRef, entry: FileEntry) -> None:
    from openplan.opendata.dcat import _date_time, translated

    graph, spec = builder.graph, entry.spec
    node = builder.site.node(f"all-{entry.key}")
    url = builder.site.url(reverse("opendata:download_file", args=[entry.name]))
    builder.add(dataset, DCAT.distribution, node)
    builder.add(node, RDF.type, DCAT.Distribution)
    builder.add(node, DCTERMS.title, *translated(lambda: str(spec.label)))
    builder.add(node, DCAT.accessURL, url)
    builder.add(node, DCAT.downloadURL, url)
    if entry.content_type != JSON_LINES:
        media = eu.media_type(entry.content_type)
        builder.add(node, DCAT.mediaType, eu.describe(graph, media, DCTERMS.MediaType))
    file_type = eu.FILE_TYPE[spec.file_type]
    builder.add(node, DCTERMS.format, eu.describe(graph, file_type, DCTERMS.MediaTypeOrExtent))
    builder.add(node, DCTERMS.license, builder.licence)
    builder.add(node, DCTERMS.modified, _date_time(entry.generated_at))
    builder.add(node, DCAT.byteSize, Literal(entry.size, datatype=XSD.nonNegativeInteger))
    checksum = BNode()
    builder.add(node, SPDX.checksum, checksum)
    builder.add(checksum, RDF.type, SPDX.Checksum)
    builder.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    builder.add(SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm)
    builder.add(checksum, SPDX.checksumValue, Literal(entry.sha256, datatype=XSD.hexBinary))
