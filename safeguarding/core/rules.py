import rules

from safeguarding.organisations.rules import is_administrator, is_business_unit

rules.add_perm("core.view_audit", is_business_unit | is_administrator)
# The admin site lets in staff accounts only (Django's own check); the header links it for them.
rules.add_perm("core.use_admin_site", rules.is_staff)
