"""What is searchable. The search app knows nothing of the domain: content apps register their
models here (in their ``AppConfig.ready``), saying how to read an object's title, text,
language and address, and whether it is public. Saving or deleting a registered object keeps
its search document in step (signals are used for the index only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save


def _always(obj: Any) -> bool:
    return True


def _no_language(obj: Any) -> str:
    return ""


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    title: Callable[[Any], str]
    body: Callable[[Any], str]
    language: Callable[[Any], str] = _no_language
    is_public: Callable[[Any], bool] = _always
    url: Callable[[Any], str] = field(default=lambda obj: obj.get_absolute_url())
    # The objects a rebuild indexes (select_related what title/body/url read).
    queryset: Callable[[], models.QuerySet[Any]] | None = None

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    def objects(self) -> models.QuerySet[Any]:
        return self.queryset() if self.queryset else self.model._default_manager.all()


REGISTRY: dict[str, Searchable] = {}


def register(searchable: Searchable) -> None:
    """Index ``searchable.model``; call once per model, from the owning app's ``ready()``."""
    REGISTRY[searchable.kind] = searchable
    uid = f"openplan.search:{searchable.kind}"
    post_save.connect(_saved, sender=searchable.model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=searchable.model, dispatch_uid=uid)


def searchable_for(model: type[models.Model]) -> Searchable:
    return REGISTRY[model._meta.label_lower]


def _saved(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from openplan.search.services import document_update

    document_update(instance)


def _deleted(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    from openplan.search.services import document_delete

    document_delete(instance)
