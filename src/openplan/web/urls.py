from django.urls import path

from openplan.web.views import pages, search

app_name = "web"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("accessibility/", pages.AccessibilityView.as_view(), name="accessibility"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("dashboard/", pages.DashboardView.as_view(), name="dashboard"),
    path("health/", pages.HealthView.as_view(), name="health"),
]
