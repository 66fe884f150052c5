"""What each app holds about a person, for the personal-data export (GDPR art. 15 and 20).

``accounts`` builds the export but sits below the content apps, so each content app registers a
section here from its ``AppConfig.ready``: a name and a function from a user to JSON-ready data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], Any]
Eraser = Callable[[Any, set[str]], Any]

_SECTIONS: dict[str, Section] = {}
_ERASERS: dict[str, Eraser] = {}


def register(name: str, section: Section) -> None:
    if name in _SECTIONS and _SECTIONS[name] is not section:
        raise ValueError(f"personal-data section {name!r} is registered twice")
    _SECTIONS[name] = section


def sections(user: Any) -> dict[str, Any]:
    """Every registered section for ``user``, in name order."""
    return {name: _SECTIONS[name](user) for name in sorted(_SECTIONS)}


def register_erasure(name: str, eraser: Eraser) -> None:
    """What an app must do when an account is erased, besides what the foreign keys do:
    ``eraser(user, addresses)`` (the account's lower-cased email addresses), called by
    ``accounts.account_erase`` in its transaction, before the account is deleted."""
    if name in _ERASERS and _ERASERS[name] is not eraser:
        raise ValueError(f"erasure {name!r} is registered twice")
    _ERASERS[name] = eraser


def erase(user: Any, addresses: set[str]) -> None:
    for name in sorted(_ERASERS):
        _ERASERS[name](user, addresses)
