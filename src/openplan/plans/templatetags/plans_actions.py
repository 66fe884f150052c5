"""``{% commitment_action "plans.publish_commitment" user commitment as can_publish %}``: the
permission *and* the commitment's state, so that no one (an administrator included, whom Django
grants every permission) is offered an action the state table refuses."""

from __future__ import annotations

from typing import Any

from django import template

from openplan.plans.models import Commitment
from openplan.plans.states import COMMITMENT_ACTION_STATES

register = template.Library()


@register.simple_tag
def commitment_action(permission: str, user: Any, commitment: Commitment) -> bool:
    states = COMMITMENT_ACTION_STATES[permission]
    return commitment.status in states and bool(user.has_perm(permission, commitment))
