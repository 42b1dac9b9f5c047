"""``{% reports_owed %}``: the reports the signed-in focal point's agency must send
soon (or is late with), for its landing page; the full list is one click away."""

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
    rows, more = selectors.reports_due(agency, SHOWN)
    return {"rows": rows, "more": more, "agency": agency}
