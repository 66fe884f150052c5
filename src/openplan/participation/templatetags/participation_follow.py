"""``{% load participation_follow %}{% follow_button "commitment" commitment %}``: the follow
button on pages of other apps (a commitment's, an action plan's), which cannot import this
app; one query for a signed-in person, none for a visitor."""

from __future__ import annotations

from typing import Any

from django import template

from openplan.participation.selectors import is_following

register = template.Library()


@register.inclusion_tag("participation/includes/follow.html", takes_context=True)
def follow_button(context: dict[str, Any], kind: str, target: Any) -> dict[str, Any]:
    user = context.get("user")
    return {
        "user": user,
        "kind": kind,
        "pk": target.pk,
        "following": is_following(user=user, target=target),
        "csrf_token": context.get("csrf_token"),
    }
