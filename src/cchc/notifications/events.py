"""In-app notices for the events of the cycle: a plan issued; a report sent,
returned or accepted.

The writes that cause them live in other apps (``plans.services.publish_plan``,
``reporting.services.submit_report``/``return_report``/``accept_report``), so the
notices follow the saved status: ``pre_save`` reads the status the row had,
``post_save`` compares, and when it changed the notices are added in the same
transaction (a publish that fails half-way is rolled back with its notices).

Who is told:
- plan issued: the focal points of every agency the plan assigns a task to, the
  province's leaders and its reform office;
- report sent: the reform office of the plan's province;
- report returned or accepted: the focal points of the reporting agency.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cchc.accounts.models import Profile, Role
from cchc.notifications.models import Kind, Notification

_OLD_STATUS = "_notices_old_status"


def _remember_status(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    old = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values_list("status", flat=True)
        old = old.first()
    setattr(instance, _OLD_STATUS, old)


def _changed_to(instance, status: str) -> bool:
    return instance.status == status and getattr(instance, _OLD_STATUS, status) != status


def _active(profiles) -> list[int]:
    return list(profiles.filter(user__is_active=True).values_list("user_id", flat=True).distinct())


def _in_province(province_id: int, *roles: str) -> list[int]:
    return _active(
        Profile.objects.filter(role__in=roles).filter(
            Q(agency_id=province_id) | Q(agency__province_id=province_id)
        )
    )


def notify(user_ids, kind: str, text: str, url: str) -> int:
    """Add one unread notice per user (each user once); returns how many."""
    made = Notification.objects.bulk_create(
        Notification(user_id=user_id, kind=kind, text=text, url=url)
        for user_id in sorted(set(user_ids))
    )
    return len(made)


def _plan_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw or not _changed_to(instance, sender.Status.PUBLISHED):
        return
    plan_published(instance)


def plan_published(plan) -> int:
    from cchc.plans.models import Assignment

    agencies = Assignment.objects.filter(plan=plan).values("agency")
    users = _active(Profile.objects.filter(role=Role.FOCAL_POINT, agency__in=agencies))
    users += _in_province(plan.province_id, Role.LEADER, Role.REFORM_OFFICE)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The plan “%(plan)s” has been issued: its tasks are now assigned.") % {
            "plan": plan
        }
    return notify(users, Kind.PLAN_PUBLISHED, text, reverse("plans:detail", args=[plan.pk]))


def _report_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    Status = sender.Status
    for status, kind in (
        (Status.SUBMITTED, Kind.REPORT_SUBMITTED),
        (Status.RETURNED, Kind.REPORT_RETURNED),
        (Status.ACCEPTED, Kind.REPORT_ACCEPTED),
    ):
        if _changed_to(instance, status):
            report_event(instance, kind)


def report_event(report, kind: str) -> int:
    cycle = report.cycle
    plan = cycle.plan
    url = reverse("reporting:report", kwargs={"plan_pk": plan.pk, "agency_pk": report.agency_id})
    values = {"agency": report.agency, "period": cycle.label, "plan": plan.number or plan}
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Kind.REPORT_SUBMITTED:
            users = _in_province(plan.province_id, Role.REFORM_OFFICE)
            text = _("%(agency)s sent its report for %(period)s (%(plan)s).") % values
        else:
            users = _active(Profile.objects.filter(role=Role.FOCAL_POINT, agency=report.agency))
            if kind == Kind.REPORT_RETURNED:
                text = _(
                    "Your report for %(period)s (%(plan)s) was returned for revision: %(reason)s"
                ) % {**values, "reason": report.return_reason}
            else:
                text = _("Your report for %(period)s (%(plan)s) was accepted.") % values
    return notify(users, kind, text, url)


def connect() -> None:
    from cchc.plans.models import Plan
    from cchc.reporting.models import AgencyReport

    for model, handler in ((Plan, _plan_saved), (AgencyReport, _report_saved)):
        label = model._meta.label_lower
        pre_save.connect(_remember_status, sender=model, dispatch_uid=f"notices_pre_{label}")
        post_save.connect(handler, sender=model, dispatch_uid=f"notices_post_{label}")
