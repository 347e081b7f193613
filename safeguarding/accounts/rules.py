"""Who may see the list of self-registered people awaiting agency confirmation."""

import rules

from safeguarding.organisations.rules import is_administrator, is_agency_lead, is_business_unit

rules.add_perm(
    "accounts.view_agency_confirmations", is_agency_lead | is_business_unit | is_administrator
)
