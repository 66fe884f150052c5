"""Creating and editing a member's action plans and moving them along their lifecycle
(``states.PLAN_TRANSITIONS``). Action plans are public from their creation, so each change
appends to the public record. Permissions are checked by the callers (rules.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from openplan.core.record.models import EntryKind
from openplan.core.services import model_update
from openplan.plans.models import ActionPlan, Member
from openplan.plans.services.record import record_action_plan
from openplan.plans.states import PLAN_TRANSITIONS, PlanStatus, check_transition

PLAN_EDITABLE_FIELDS = ["title", "start_year", "end_year"]


def _check_years(data: dict[str, Any]) -> None:
    start, end = data.get("start_year"), data.get("end_year")
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {"end_year": _("The last year must not be before the first year.")},
            code="end_before_start",
        )


@transaction.atomic
def action_plan_create(*, member: Member, data: dict[str, Any]) -> ActionPlan:
    """A new draft action plan of ``member``, numbered after the member's last plan.

    The member row is locked so that two plans created at once do not take the same number.
    """
    _check_years(data)
    Member.objects.select_for_update().get(pk=member.pk)
    last = member.action_plans.aggregate(last=Max("number"))["last"] or 0
    plan = ActionPlan(
        member=member,
        number=last + 1,
        status=PlanStatus.DRAFT,
        **{name: value for name, value in data.items() if name in PLAN_EDITABLE_FIELDS},
    )
    plan.full_clean()
    plan.save()
    record_action_plan(plan=plan, kind=EntryKind.PUBLICATION)
    return plan


@transaction.atomic
def action_plan_update(*, plan: ActionPlan, data: dict[str, Any]) -> ActionPlan:
    """Change an action plan's title or years. An ended plan is kept as it ended."""
    if plan.status == PlanStatus.ENDED:
        raise ValidationError(_("An ended action plan cannot be edited."), code="ended")
    _check_years({**{f: getattr(plan, f) for f in PLAN_EDITABLE_FIELDS}, **data})
    plan, changed = model_update(
        instance=plan, data={k: v for k, v in data.items() if k in PLAN_EDITABLE_FIELDS}
    )
    if changed:
        record_action_plan(plan=plan, kind=EntryKind.EDIT)
    return plan


@transaction.atomic
def action_plan_transition(*, plan: ActionPlan, target: str) -> ActionPlan:
    """Move the plan along ``states.PLAN_TRANSITIONS`` (draft → co-creation → submitted →
    implementation → ended); any other move raises ValidationError."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    check_transition(PLAN_TRANSITIONS, plan.status, target)
    plan.status = target
    plan.save(update_fields=["status", "updated_at"])
    record_action_plan(plan=plan, kind=EntryKind.STATUS)
    return plan
