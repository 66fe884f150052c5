"""A person's notifications, included by the project's urls.py at ``account/notifications/``
(namespace ``notifications``)."""

from django.urls import path

from openplan.participation import notification_views as views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
    path("read-all/", views.NotificationReadView.as_view(every=True), name="read_all"),
    path("settings/", views.NotificationSettingsView.as_view(), name="settings"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
