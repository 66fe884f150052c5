from django.urls import path

from openplan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/profile/", views.ProfileView.as_view(), name="profile"),
    path("account/data/", views.PersonalDataView.as_view(), name="personal_data"),
    path(
        "account/data/download/",
        views.PersonalDataDownloadView.as_view(),
        name="personal_data_download",
    ),
    path("account/delete/", views.AccountDeleteView.as_view(), name="account_delete"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<slug:slug>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_update",
    ),
    path(
        "organisations/<slug:slug>/members/",
        views.OrganisationMembersView.as_view(),
        name="organisation_members",
    ),
    path(
        "organisations/<slug:slug>/members/<int:pk>/role/",
        views.MembershipRoleView.as_view(),
        name="membership_role",
    ),
    path(
        "organisations/<slug:slug>/members/<int:pk>/remove/",
        views.MembershipRemoveView.as_view(),
        name="membership_remove",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path(
        "organisations/<slug:slug>/leave/",
        views.MembershipLeaveView.as_view(),
        name="membership_leave",
    ),
    path(
        "invitations/pending/<int:pk>/",
        views.InvitationRespondView.as_view(),
        name="invitation_answer",
    ),
    path(
        "invitations/<str:token>/",
        views.InvitationRespondView.as_view(),
        name="invitation_respond",
    ),
]
