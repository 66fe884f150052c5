import rules

# Public pages: anyone, signed in or not.
rules.add_perm("core.view_public", rules.always_allow)
# Pages of one's own account.
rules.add_perm("core.view_own_account", rules.is_authenticated)
