from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "openplan.participation"
    label = "participation"
    verbose_name = "Participation and co-creation"

    def ready(self) -> None:
        from openplan.core import personal_data
        from openplan.participation.personal_data import participation_of

        personal_data.register("participation", participation_of)
