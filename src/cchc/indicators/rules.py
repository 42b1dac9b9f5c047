"""Who may read, configure and feed an indicator (object rules on ``Indicator``).

Read: whoever may read its plan. Configure (scope, period, measure): the
reform office of the plan's province. Enter values (published plans only): the
reform office, for any agency in scope or the whole scope; a focal point, for
its own agency only, when that agency is in scope (``services.enter_value``
checks the agency of each value again).
"""

import rules

from cchc.accounts import selectors as accounts
from cchc.accounts.predicates import is_admin, is_focal_point, is_reform_office
from cchc.indicators import selectors
from cchc.plans.rules import can_view, in_province, is_published


@rules.predicate
def own_agency_in_scope(user, indicator) -> bool:
    agency = accounts.agency(user)
    return agency is not None and selectors.in_scope(indicator, agency)


rules.add_perm("indicators.view_indicator", can_view)
rules.add_perm("indicators.change_indicator", is_admin | (is_reform_office & in_province))
rules.add_perm(
    "indicators.enter_value",
    is_published
    & (is_admin | (in_province & (is_reform_office | (is_focal_point & own_agency_in_scope)))),
)
