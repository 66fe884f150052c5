"""The downloads page and the files: ``/data/downloads/``, ``/data/downloads/<file>`` and
``/data/downloads/manifest.json``. Files are sent with ``FileResponse`` (streamed from disk in
blocks, ``Content-Length`` set), as attachments, with the manifest's SHA-256 as ETag and its
generation time as Last-Modified, so a harvester asking again gets 304 Not Modified."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.generic import TemplateView, View

from openplan.core.permissions import PUBLIC, PermissionRequiredMixin
from openplan.opendata.exports.files import FILES, download_path, manifest_read
from openplan.opendata.exports.tables import TABLES


class DownloadsView(PermissionRequiredMixin, TemplateView):
    """Every download with its format, size, SHA-256 and generation time; before the first
    build, a notice that the files are being prepared."""

    permission_required = PUBLIC
    template_name = "opendata/downloads.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        manifest = manifest_read()
        rows = manifest.rows if manifest else {}
        return {
            **super().get_context_data(**kwargs),
            "manifest": manifest,
            "files": manifest.files if manifest else [],
            "tables": [(table.name, table.columns, rows.get(table.name)) for table in TABLES],
            "missing": kwargs.get("missing"),
            "licence": settings.OPENPLAN_DATA_LICENCE,
        }


class DownloadFileView(PermissionRequiredMixin, View):
    permission_required = PUBLIC

    def get(self, request: HttpRequest, name: str) -> HttpResponseBase:
        if name not in {spec.name for spec in FILES.values()}:
            raise Http404("No such download")
        manifest = manifest_read()
        entry = manifest.get(name) if manifest else None
        if entry is None:  # a known file that has not been built yet
            page = DownloadsView.as_view()(request, missing=name)
            page.status_code = 404
            return page
        try:
            handle = download_path(entry).open("rb")
        except FileNotFoundError:
            raise Http404("No such download") from None
        etag = f'"{entry.sha256}"'
        modified = entry.generated_at.timestamp()
        conditional = get_conditional_response(request, etag=etag, last_modified=int(modified))
        if conditional is not None:
            handle.close()
            return conditional
        response: HttpResponseBase = FileResponse(
            handle, as_attachment=True, filename=entry.name, content_type=entry.content_type
        )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=300"
        return response


class ManifestView(PermissionRequiredMixin, View):
    """The manifest as JSON (what the page shows, for scripts): 404 before the first build."""

    permission_required = PUBLIC

    def get(self, request: HttpRequest) -> HttpResponse:
        manifest = manifest_read()
        if manifest is None:
            raise Http404("The downloads have not been built yet")
        response = HttpResponse(manifest.to_json(), content_type="application/json")
        response["Access-Control-Allow-Origin"] = "*"
        return response
