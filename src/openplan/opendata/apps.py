from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class OpendataConfig(AppConfig):
    name = "openplan.opendata"
    label = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        from openplan.accounts.models import Organisation
        from openplan.core.record.models import RecordEntry
        from openplan.opendata.exports.tasks import public_data_changed
        from openplan.plans.services.record import commitment_listeners
        from openplan.taxonomy.models import Concept, Scheme

        # Public changes that rebuild the bulk downloads: everything in the public record,
        # and what the downloads show that is not recorded (see exports/tasks.py).
        post_save.connect(public_data_changed, sender=RecordEntry, dispatch_uid="exports-record")
        for model in (Concept, Scheme, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    public_data_changed, sender=model, dispatch_uid=f"exports-{model.__name__}"
                )
        if _release_listener not in commitment_listeners:
            commitment_listeners.append(_release_listener)


def _release_listener(commitment: Any, kind: str) -> None:
    """Every public change of a commitment keeps a release (the release history)."""
    from openplan.opendata.services import release_create

    release_create(commitment=commitment, kind=kind)
