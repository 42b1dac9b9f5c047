"""``{% unread_notifications as n %}``: the header's count of unread notifications."""

from django import template

from cchc.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return selectors.unread_count(request.user) if request is not None else 0
