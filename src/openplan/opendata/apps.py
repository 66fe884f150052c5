from typing import Any

from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "openplan.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        from openplan.plans.services.record import commitment_listeners

        if _release_listener not in commitment_listeners:
            commitment_listeners.append(_release_listener)


def _release_listener(commitment: Any, kind: str) -> None:
    """Every public change of a commitment keeps a release (the release history)."""
    from openplan.opendata.services import release_create

    release_create(commitment=commitment, kind=kind)
