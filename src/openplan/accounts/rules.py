"""Permissions of the accounts app. See docs/roles-and-permissions.md for the table."""

import rules

from openplan.accounts.predicates import (
    is_org_coordinator,
    is_org_editor,
    is_own_membership,
    mfa_if_government,
)

rules.add_perm("accounts.view_organisation", rules.always_allow)
rules.add_perm("accounts.add_organisation", rules.is_authenticated)
rules.add_perm("accounts.change_organisation", is_org_editor & mfa_if_government)
rules.add_perm("accounts.manage_members", is_org_coordinator & mfa_if_government)
rules.add_perm("accounts.leave_organisation", is_own_membership)
rules.add_perm("accounts.respond_invitation", rules.is_authenticated)
rules.add_perm("accounts.manage_own_account", rules.is_authenticated)
