from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "openplan.participation"
    label = "participation"
    verbose_name = "Participation and co-creation"

    def ready(self) -> None:
        from openplan.core import personal_data
        from openplan.participation.personal_data import notifications_of, participation_of
        from openplan.participation.services.notifications import notify_commitment
        from openplan.plans.services.record import commitment_listeners

        personal_data.register("participation", participation_of)
        personal_data.register_erasure("participation", _erase)
        personal_data.register("notifications", notifications_of)
        # Followers of a commitment or an action plan hear of its public changes; plans
        # cannot import participation, so it calls this listener (ADR 0010's pattern).
        if notify_commitment not in commitment_listeners:
            commitment_listeners.append(notify_commitment)


def _erase(user: object, addresses: set[str]) -> None:
    from openplan.participation.services import signatures_erase

    signatures_erase(user=user, addresses=addresses)
