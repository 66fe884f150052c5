import rules

# Published commitments are public. Drafting, submitting and publishing arrive with the
# editing pages (issue: action plans and commitments).
rules.add_perm("plans.view_commitment", rules.always_allow)
