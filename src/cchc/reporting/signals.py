"""A plan's reporting regime is read when the plan is published.

Plans published before this app existed get theirs the first time a reporting
page needs it (``services.ensure_regime``).
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from cchc.plans.models import Plan
from cchc.reporting import services
from cchc.reporting.models import ReportingRegime


@receiver(post_save, sender=Plan, dispatch_uid="reporting_regime_on_publish")
def read_regime_on_publish(sender, instance: Plan, raw: bool = False, **kwargs) -> None:
    if raw or instance.status != Plan.Status.PUBLISHED:
        return
    if not ReportingRegime.objects.filter(plan=instance).exists():
        services.build_regime(instance, getattr(instance, "_history_user", None))
