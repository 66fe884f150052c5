from django.urls import path

from openplan.core.permissions import PUBLIC, requires
from openplan.opendata import api, feeds, ical, object_feeds, sitemaps, token_views, views
from openplan.opendata.exports import urls as exports_urls

app_name = "opendata"

public = requires(PUBLIC)

urlpatterns = [
    path("catalog", views.CatalogView.as_view(), name="catalog"),
    path("catalog.<str:fmt>", views.CatalogFormatView.as_view(), name="catalog_format"),
    *exports_urls.urlpatterns,
    path("feeds/commitments.atom", public(feeds.CommitmentFeed()), name="commitment_feed"),
    path("feeds/progress.atom", public(feeds.ProgressFeed()), name="progress_feed"),
    path("feeds/consultations.atom", public(feeds.ConsultationFeed()), name="consultation_feed"),
    path(
        "feeds/members/<slug:slug>/commitments.atom",
        public(feeds.MemberCommitmentFeed()),
        name="member_commitment_feed",
    ),
    path(
        "consultations/meetings/<int:pk>.ics",
        ical.MeetingCalendarView.as_view(),
        name="meeting_ical",
    ),
    path(
        "consultations/<int:pk>/meetings.ics",
        ical.ConsultationCalendarView.as_view(),
        name="consultation_meetings_ical",
    ),
    path(
        "feeds/consultations/<int:pk>.atom",
        public(object_feeds.ConsultationObjectFeed()),
        name="consultation_object_feed",
    ),
    path(
        "feeds/proposals/<int:pk>.atom",
        public(object_feeds.ProposalObjectFeed()),
        name="proposal_object_feed",
    ),
    path(
        "feeds/commitments/<str:identifier>.atom",
        public(object_feeds.CommitmentObjectFeed()),
        name="commitment_object_feed",
    ),
    path("sitemap.xml", public(sitemaps.sitemap_index), name="sitemap"),
    path("sitemap-<slug:section>.xml", public(sitemaps.sitemap_section), name="sitemap_section"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("account/api-tokens/", token_views.AccessTokenListView.as_view(), name="access_tokens"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        token_views.AccessTokenRevokeView.as_view(),
        name="access_token_revoke",
    ),
]

# The JSON API, included by the project's urls.py at ``api/v1/`` (namespace ``api-v1``).
api_v1 = (api.urlpatterns(), "api-v1")
