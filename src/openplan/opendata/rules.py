"""Permissions of the opendata app: its public pages use ``core.view_public``; personal access
tokens are their person's own."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_token_owner(user: Any, token: Any) -> bool:
    return token is not None and getattr(user, "pk", None) == token.user_id


rules.add_perm("opendata.add_accesstoken", rules.is_authenticated)
rules.add_perm("opendata.view_accesstoken", rules.is_authenticated)
rules.add_perm("opendata.change_accesstoken", rules.is_authenticated & is_token_owner)
