"""Permissions of the plans app. See docs/roles-and-permissions.md."""

import rules

from openplan.plans.predicates import can_coordinate, can_edit, is_co_owner_member, status_is
from openplan.plans.states import CommitmentStatus as S

rules.add_perm("plans.view_commitment", rules.always_allow)
# Evidence files of public commitments are public; a draft's only for its editors.
rules.add_perm("plans.view_evidence", status_is(S.PUBLISHED, S.WITHDRAWN) | can_edit)
rules.add_perm("plans.add_commitment", can_edit)  # object: the action plan
rules.add_perm("plans.change_commitment", can_edit & status_is(S.DRAFT, S.SUBMITTED, S.PUBLISHED))
rules.add_perm("plans.submit_commitment", can_edit & status_is(S.DRAFT))
rules.add_perm("plans.publish_commitment", can_coordinate & status_is(S.SUBMITTED))
rules.add_perm("plans.withdraw_commitment", can_coordinate & status_is(S.PUBLISHED))
# The government's officials report progress; co-owners publish shadow reports beside it.
rules.add_perm("plans.report_progress", (can_edit | is_co_owner_member) & status_is(S.PUBLISHED))
