import rules

from safeguarding.organisations.rules import is_administrator, is_business_unit

rules.add_perm("core.view_audit", is_business_unit | is_administrator)
