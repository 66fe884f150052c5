"""Spliced into ``opendata.urls`` (the ``opendata`` namespace)."""

from django.urls import path

from openplan.opendata.exports import views

urlpatterns = [
    path("data/downloads/", views.DownloadsView.as_view(), name="downloads"),
    path("data/downloads/manifest.json", views.ManifestView.as_view(), name="downloads_manifest"),
    path("data/downloads/<str:name>", views.DownloadFileView.as_view(), name="download_file"),
]
