from django.contrib import admin
from django.urls import include, path

from openplan.opendata.urls import api_v1
from openplan.web.views.language import switch_language

urlpatterns = [
    path("", include("openplan.web.urls")),
    path("", include("openplan.accounts.urls")),
    path("vocab/", include("openplan.taxonomy.urls")),
    path("commitments/", include("openplan.plans.urls")),
    path("consultations/", include("openplan.participation.urls")),
    path("account/notifications/", include("openplan.participation.notification_urls")),
    path("", include("openplan.opendata.urls")),
    path("api/v1/", include(api_v1, namespace="api-v1")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "openplan.web.views.errors.bad_request"
handler403 = "openplan.web.views.errors.permission_denied"
handler404 = "openplan.web.views.errors.page_not_found"
handler500 = "openplan.web.views.errors.server_error"
