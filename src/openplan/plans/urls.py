from django.urls import path

from openplan.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments.csv", views.CommitmentCsvView.as_view(), name="commitment_csv"),
    path("<str:identifier>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
    path(
        "<str:identifier>/history/",
        views.CommitmentHistoryView.as_view(),
        name="commitment_history",
    ),
]
