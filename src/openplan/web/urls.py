from django.urls import path

from openplan.web.views import pages, record, search

app_name = "web"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("accessibility/", pages.AccessibilityView.as_view(), name="accessibility"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("dashboard/", pages.DashboardView.as_view(), name="dashboard"),
    path("health/", pages.HealthView.as_view(), name="health"),
    path("health/ready/", pages.HealthReadyView.as_view(), name="health_ready"),
    path("record/", record.RecordListView.as_view(), name="record_list"),
    path("record/checkpoint.json", record.RecordCheckpointView.as_view(), name="record_checkpoint"),
    path(
        "record/entries/<int:sequence>/proof.json",
        record.RecordInclusionProofView.as_view(),
        name="record_inclusion_proof",
    ),
    path(
        "record/consistency.json",
        record.RecordConsistencyProofView.as_view(),
        name="record_consistency_proof",
    ),
]
