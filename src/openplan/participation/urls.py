from django.urls import path

from openplan.participation import coordination_views as coord
from openplan.participation import meeting_views as meet
from openplan.participation import moderation_views as mod
from openplan.participation import offline_views as offline
from openplan.participation import petition_views as pet
from openplan.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="consultation_list"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="consultation_detail"),
    path(
        "new/<str:kind>/<int:pk>/",
        coord.ConsultationCreateView.as_view(),
        name="consultation_create",
    ),
    path("<int:pk>/phases/new/", coord.PhaseCreateView.as_view(), name="phase_create"),
    path("<int:pk>/phases/<int:phase>/", coord.PhaseEditView.as_view(), name="phase_edit"),
    path(
        "<int:pk>/phases/<int:phase>/delete/",
        coord.PhaseDeleteView.as_view(),
        name="phase_delete",
    ),
    path(
        "<int:pk>/offline/",
        offline.OfflineProposalCreateView.as_view(),
        name="offline_proposal_create",
    ),
    path(
        "proposals/<int:pk>/offline-supports/",
        offline.OfflineSupportsView.as_view(),
        name="offline_supports",
    ),
    path(
        "offline/<int:pk>/<str:filename>",
        offline.OfflineScanView.as_view(),
        name="offline_scan",
    ),
    path(
        "<int:pk>/status/",
        coord.ConsultationTransitionView.as_view(),
        name="consultation_transition",
    ),
    path("<int:pk>/proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("<int:pk>/propose/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path("<int:pk>/report/", mod.ConsultationReportView.as_view(), name="consultation_report"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.ProposalEditView.as_view(), name="proposal_edit"),
    path(
        "proposals/<int:pk>/withdraw/",
        views.ProposalWithdrawView.as_view(),
        name="proposal_withdraw",
    ),
    path("proposals/<int:pk>/comment/", views.CommentCreateView.as_view(), name="comment_create"),
    path("proposals/<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path(
        "proposals/<int:pk>/unsupport/",
        views.SupportView.as_view(support=False),
        name="unsupport",
    ),
    path("proposals/<int:pk>/respond/", mod.ResponseView.as_view(), name="response"),
    path("<int:pk>/petitions/", pet.PetitionListView.as_view(), name="petition_list"),
    path("<int:pk>/petitions/new/", pet.PetitionCreateView.as_view(), name="petition_create"),
    path("petitions/<int:pk>/", pet.PetitionDetailView.as_view(), name="petition_detail"),
    path("petitions/<int:pk>/sign/", pet.PetitionSignView.as_view(), name="petition_sign"),
    path("petitions/<int:pk>/answer/", pet.PetitionAnswerView.as_view(), name="petition_answer"),
    path(
        "signatures/<str:token>/",
        pet.SignatureConfirmView.as_view(),
        name="signature_confirm",
    ),
    path("<int:pk>/meetings/new/", meet.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", meet.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/register/", meet.RegistrationView.as_view(), name="meeting_register"),
    path(
        "meetings/<int:pk>/unregister/",
        meet.RegistrationView.as_view(register=False),
        name="meeting_unregister",
    ),
    path("meetings/<int:pk>/close/", meet.MeetingCloseView.as_view(), name="meeting_close"),
    path("meetings/<int:pk>/cancel/", meet.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("follow/<str:kind>/<int:pk>/", mod.FollowView.as_view(), name="follow"),
    path("flag/<str:kind>/<int:pk>/", mod.FlagView.as_view(), name="flag"),
    path("moderation/", mod.ModerationLogView.as_view(), name="moderation_log"),
    path("moderation/queue/", mod.ModerationQueueView.as_view(), name="moderation_queue"),
    path("moderate/<str:kind>/<int:pk>/", mod.ModerateView.as_view(), name="moderate"),
]
