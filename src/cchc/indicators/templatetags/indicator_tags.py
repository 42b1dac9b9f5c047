"""``{% plan_indicators plan %}``: the targets block of the plan dashboard, with attainment."""

from django import template
from django.utils import timezone

from cchc.indicators import attainment, selectors

register = template.Library()


@register.inclusion_tag("indicators/_plan_indicators.html")
def plan_indicators(plan):
    return {
        "plan": plan,
        "cards": selectors.plan_indicators(plan, timezone.localdate()),
        "labels": attainment.LABELS,
    }
