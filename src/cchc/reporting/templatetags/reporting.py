"""``{% reports_owed %}``: the reports the signed-in focal point's agency owes, for its landing page."""

from django import template

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.reporting import selectors

register = template.Library()

SHOWN = 5


@register.inclusion_tag("reporting/_owed.html", takes_context=True)
def reports_owed(context):
    user = context["request"].user
    agency = accounts.agency(user)
    if accounts.role(user) != Role.FOCAL_POINT or agency is None:
        return {"rows": []}
    # Read only: regimes are read on publishing (see signals); the full list builds missing ones.
    rows = selectors.owed_reports(agency)
    return {"rows": rows[:SHOWN], "more": max(0, len(rows) - SHOWN), "agency": agency}
