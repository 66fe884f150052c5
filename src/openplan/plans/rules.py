"""Permissions of the plans app. See docs/roles-and-permissions.md."""

import rules

from openplan.plans.predicates import can_coordinate, can_edit, is_co_owner_member, status_is
from openplan.plans.states import COMMITMENT_ACTION_STATES as IN
from openplan.plans.states import CommitmentStatus as S
from openplan.plans.states import PlanStatus as P

rules.add_perm("plans.view_commitment", rules.always_allow)
# Evidence files of public commitments are public; a draft's only for its editors.
rules.add_perm("plans.view_evidence", status_is(S.PUBLISHED, S.WITHDRAWN) | can_edit)
rules.add_perm("plans.add_commitment", can_edit)  # object: the action plan

for perm, who in {
    "plans.change_commitment": can_edit,
    "plans.submit_commitment": can_edit,
    "plans.publish_commitment": can_coordinate,
    "plans.withdraw_commitment": can_coordinate,
    # The government's officials report progress; co-owners publish shadow reports beside it.
    "plans.report_progress": can_edit | is_co_owner_member,
}.items():
    rules.add_perm(perm, who & status_is(*IN[perm]))

# Action plans. The page is public once the plan leaves draft; a draft is shown only to
# those who may edit it (the selector answers 404 to everyone else).
rules.add_perm("plans.view_actionplan", rules.always_allow)
rules.add_perm("plans.add_actionplan", can_edit)  # object: the member
rules.add_perm("plans.change_actionplan", can_edit & ~status_is(P.ENDED))
# Editors take a draft to co-creation or straight to submission (the only moves out of
# draft); every later move (implementation, ended, back to co-creation) is the coordinator's.
rules.add_perm(
    "plans.transition_actionplan",
    (can_edit & status_is(P.DRAFT))
    | (can_coordinate & status_is(P.CO_CREATION, P.SUBMITTED, P.IMPLEMENTATION)),
)
