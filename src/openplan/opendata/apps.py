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
        from openplan.core import personal_data

        personal_data.register("api_tokens", _tokens_of)


def _tokens_of(user: Any) -> list[dict[str, Any]]:
    """A person's API tokens for their data export: never the token, which is not stored."""

    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    return [
        {"name": t.name, "prefix": t.prefix, "scopes": t.scopes, "expires_at": when(t.expires_at),
         "revoked_at": when(t.revoked_at), "last_used_at": when(t.last_used_at)}
        for t in user.access_tokens.order_by("pk")
    ]  # fmt: skip


def _release_listener(commitment: Any, kind: str) -> None:
    """Every public change of a commitment keeps a release (the release history)."""
    from openplan.opendata.services import release_create

    release_create(commitment=commitment, kind=kind)
