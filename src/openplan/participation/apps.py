from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "openplan.participation"
    label = "participation"
    verbose_name = "Participation and co-creation"
