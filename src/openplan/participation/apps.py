from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "openplan.participation"
    label = "participation"
    verbose_name = "Participation and co-creation"

    def ready(self) -> None:
        from openplan.core import personal_data
        from openplan.participation.personal_data import participation_of

        personal_data.register("participation", participation_of)
        personal_data.register_erasure("participation", _erase)


def _erase(user: object, addresses: set[str]) -> None:
    from openplan.participation.services import signatures_erase

    signatures_erase(user=user, addresses=addresses)
