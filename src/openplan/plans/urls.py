from django.urls import path

from openplan.plans import milestone_views, plan_views, views

app_name = "plans"

urlpatterns = [
    path("", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments.csv", views.CommitmentCsvView.as_view(), name="commitment_csv"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path(
        "evidence/<int:pk>/<str:filename>",
        views.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path("members/<slug:slug>/", views.MemberDetailView.as_view(), name="member_detail"),
    path(
        "members/<slug:slug>/plans/new/",
        plan_views.ActionPlanCreateView.as_view(),
        name="action_plan_create",
    ),
    path("plans/<int:plan>/", plan_views.ActionPlanDetailView.as_view(), name="action_plan_detail"),
    path(
        "plans/<int:plan>/edit/", plan_views.ActionPlanEditView.as_view(), name="action_plan_edit"
    ),
    path(
        "plans/<int:plan>/status/",
        plan_views.ActionPlanTransitionView.as_view(),
        name="action_plan_transition",
    ),
    path("plans/<int:plan>/new/", views.CommitmentCreateView.as_view(), name="commitment_create"),
    path(
        "<str:identifier>/milestones/",
        milestone_views.MilestoneListView.as_view(),
        name="milestone_list",
    ),
    path(
        "<str:identifier>/milestones/<int:pk>/edit/",
        milestone_views.MilestoneEditView.as_view(),
        name="milestone_edit",
    ),
    path(
        "<str:identifier>/milestones/<int:pk>/delete/",
        milestone_views.MilestoneDeleteView.as_view(),
        name="milestone_delete",
    ),
    path(
        "<str:identifier>/milestones/<int:pk>/move/",
        milestone_views.MilestoneMoveView.as_view(),
        name="milestone_move",
    ),
    path("<str:identifier>/edit/", views.CommitmentEditView.as_view(), name="commitment_edit"),
    path("<str:identifier>/progress/", views.ProgressReportView.as_view(), name="progress_report"),
    path(
        "<str:identifier>/submit/", views.CommitmentSubmitView.as_view(), name="commitment_submit"
    ),
    path(
        "<str:identifier>/publish/",
        views.CommitmentPublishView.as_view(),
        name="commitment_publish",
    ),
    path(
        "<str:identifier>/withdraw/",
        views.CommitmentWithdrawView.as_view(),
        name="commitment_withdraw",
    ),
    path("<str:identifier>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
    path(
        "<str:identifier>/history/",
        views.CommitmentHistoryView.as_view(),
        name="commitment_history",
    ),
]
