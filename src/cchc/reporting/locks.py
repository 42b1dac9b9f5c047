"""The lock of an accepted period: ``cchc.tracking.services`` asks before each task update.

Once an agency's report for a cycle is accepted, the data of that cycle's
range (``data_start`` … ``data_end``) are final for the tasks the agency leads
and for what the agency itself writes: an update dated inside the range is
refused. An update's date is its completion day for "hoàn thành" (it may be
back-dated) and today for everything else.

This module reads only models, so tracking can import it without a cycle.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cchc.plans.models import Assignment, Mention
from cchc.reporting.models import AgencyReport, ReportCycle


def locked_cycle(task, day: datetime.date, agency=None) -> ReportCycle | None:
    """The accepted cycle whose data range holds ``day`` for ``task``, if any."""
    agencies = set(
        Assignment.objects.filter(task=task, role=Mention.Role.LEAD).values_list(
            "agency_id", flat=True
        )
    )
    if agency is not None:
        agencies.add(agency.pk)
    return (
        ReportCycle.objects.filter(
            plan_id=task.plan_id,
            data_start__lte=day,
            data_end__gte=day,
            reports__status=AgencyReport.Status.ACCEPTED,
            reports__agency_id__in=agencies,
        )
        .order_by("data_end")
        .first()
    )


def refuse_if_locked(task, day: datetime.date, agency=None) -> None:
    """Raise ValidationError (in Vietnamese) when ``day`` lies in an accepted period."""
    cycle = locked_cycle(task, day, agency)
    if cycle is not None:
        raise ValidationError(
            _(
                "The report for period %(period)s has been accepted, so the data from %(start)s "
                "to %(end)s is locked: an update dated %(day)s cannot be recorded for this task."
            )
            % {
                "period": cycle.label,
                "start": cycle.data_start.strftime("%d/%m/%Y"),
                "end": cycle.data_end.strftime("%d/%m/%Y"),
                "day": day.strftime("%d/%m/%Y"),
            },
            code="locked",
        )
