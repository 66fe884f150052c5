from django.urls import path

from openplan.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("", views.SchemeListView.as_view(), name="scheme_list"),
    path("<slug:scheme>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("<slug:scheme>/skos.<str:fmt>", views.SchemeExportView.as_view(), name="scheme_export"),
    path(
        "<slug:scheme>/<slug:notation>/", views.ConceptDetailView.as_view(), name="concept_detail"
    ),
]
