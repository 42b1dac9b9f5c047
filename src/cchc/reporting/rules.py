"""Who may do what with periodic reports (object-level, with ``rules``).

- A report (``AgencyReport``, possibly not saved yet) is read by the
  administrator, by the reform office and leaders of its province, and by the
  agency's own focal points; only those focal points write and submit it.
- The reform office of the plan's province returns or accepts reports, edits
  the regime and produces the consolidated report, setting its number,
  recipients and signer (leaders may read it).
"""

import rules

from cchc.accounts import selectors as accounts
from cchc.accounts.predicates import is_admin, is_focal_point, is_leader, is_reform_office
from cchc.plans.rules import in_province, is_published


@rules.predicate
def is_own_agency(user, report) -> bool:
    agency = accounts.agency(user)
    return agency is not None and report.agency_id == agency.pk


rules.add_perm(
    "reporting.view_report",
    is_admin | (in_province & (is_reform_office | is_leader | (is_focal_point & is_own_agency))),
)
rules.add_perm("reporting.edit_report", is_published & in_province & is_focal_point & is_own_agency)
rules.add_perm(
    "reporting.review_report", is_published & (is_admin | (in_province & is_reform_office))
)
rules.add_perm("reporting.change_regime", is_admin | (in_province & is_reform_office))
rules.add_perm(
    "reporting.edit_consolidated",
    is_published & (is_admin | (in_province & is_reform_office)),
)
rules.add_perm(
    "reporting.view_consolidated",
    is_published & (is_admin | (in_province & (is_reform_office | is_leader))),
)
