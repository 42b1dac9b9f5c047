"""``{% user_role as role %}``: the signed-in user's role, for the menu of base.html."""

from django import template

from cchc.accounts import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def user_role(context) -> str:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return selectors.role(request.user) or ""
