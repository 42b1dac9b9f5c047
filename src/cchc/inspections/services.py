"""Inspection plans: quotas (from the reform plan's targets, or typed), the selection,
visit records, and findings turned into follow-up tasks of the reform plan.

Every write checks ``inspections.manage`` on the inspection plan's province. A finding's
follow-up task is added to the reform plan by ``plans.services.amend_task`` (its history
keeps the reason), so it is assigned, reminded, counted and reported like any task.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cchc.accounts.predicates import recorded, require
from cchc.agencies.models import Agency, Kind
from cchc.agencies.selectors import in_province
from cchc.inspections import selection
from cchc.inspections.models import Finding, InspectionPlan, Quota, Visit
from cchc.plans import services as plans
from cchc.plans.models import Deliverable, Plan, Task

# "ít nhất 40% sở, 100% UBND cấp huyện, 30% UBND cấp xã" in a target's text.
_QUOTA = re.compile(
    r"(\d{1,3}(?:[.,]\d+)?)\s*%\s*(?:số\s+)?(?:các\s+)?"
    r"(sở|cơ quan|UBND cấp huyện|Ủy ban nhân dân cấp huyện|cấp huyện|huyện|"
    r"UBND cấp xã|Ủy ban nhân dân cấp xã|cấp xã|xã)",
    re.IGNORECASE,
)
_KIND_OF = {"sở": Kind.DEPARTMENT, "cơ quan": Kind.DEPARTMENT}


def _kind(word: str) -> str:
    word = word.lower()
    if word in _KIND_OF:
        return _KIND_OF[word]
    return Kind.DISTRICT if "huyện" in word else Kind.COMMUNE


def quotas_from_targets(plan: Plan) -> dict[str, tuple[Decimal, str]]:
    """The inspection quotas a reform plan's targets state: {kind: (percent, target text)},
    from targets that speak of inspection (kiểm tra)."""
    found: dict[str, tuple[Decimal, str]] = {}
    for target in plan.targets.order_by("position"):
        if "kiểm tra" not in target.text.lower():
            continue
        for match in _QUOTA.finditer(target.text):
            percent = Decimal(match.group(1).replace(",", "."))
            found.setdefault(_kind(match.group(2)), (min(percent, Decimal(100)), target.text))
    return found


@transaction.atomic
def create_plan(
    user,
    province: Agency,
    year: int,
    title: str,
    quotas: dict[str, Decimal],
    reform_plan: Plan | None = None,
) -> InspectionPlan:
    """A yearly inspection plan with ``quotas`` ({kind: percent}); a kind left out but
    stated by the reform plan's targets takes the target's figure."""
    inspection = InspectionPlan(province=province, year=year, title=title.strip())
    require(user, "inspections.manage", inspection)
    if reform_plan is not None and reform_plan.province_id != province.pk:
        raise ValidationError(_("The reform plan belongs to another province."))
    inspection.reform_plan = reform_plan
    inspection.created_by = recorded(user)
    inspection.save()
    stated = quotas_from_targets(reform_plan) if reform_plan else {}
    for kind, (percent, text) in stated.items():
        if quotas.get(kind) is None:
            Quota.objects.create(
                inspection_plan=inspection, kind=kind, percent=percent, source=text
            )
    for kind, percent in quotas.items():
        if percent is not None:
            Quota.objects.create(
                inspection_plan=inspection, kind=kind, percent=percent, source=_("entered")
            )
    return inspection


def risks(inspection: InspectionPlan) -> dict[int, Decimal]:
    """Each unit's risk: its overdue tasks plus its reports not sent by their due day, as
    the leader's "late agencies" screen counts them (``portal.selectors.late_agencies``)."""
    from cchc.portal.selectors import late_agencies

    plans_of_province = Plan.objects.filter(province=inspection.province)
    return {
        row.agency.pk: Decimal(row.overdue + len(row.missing))
        for row in late_agencies(plans_of_province)
    }


def candidates(inspection: InspectionPlan) -> list[selection.Unit]:
    """The province's active units of the quotas' kinds that exist at some time in the
    plan's year (in 2025 both the districts, until 30/06, and the merged communes)."""
    kinds = list(inspection.quotas.values_list("kind", flat=True))
    first, last = datetime.date(inspection.year, 1, 1), datetime.date(inspection.year, 12, 31)
    units = in_province(inspection.province).filter(kind__in=kinds, active=True)
    units = units.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=last),
        Q(valid_to__isnull=True) | Q(valid_to__gte=first),
    )
    risk = risks(inspection)
    return [
        selection.Unit(pk, kind, parent, float(risk.get(pk, 0)))
        for pk, kind, parent in units.values_list("pk", "kind", "parent_id")
    ]


def draw(inspection: InspectionPlan, method: str, seed: int) -> selection.Selection:
    quotas = dict(inspection.quotas.values_list("kind", "percent"))
    return selection.select(candidates(inspection), quotas, method, seed)


@transaction.atomic
def choose(user, inspection: InspectionPlan, method: str, seed: int) -> selection.Selection:
    """Draw the units and keep them as the plan's visits (a new draw replaces the visits
    not yet made)."""
    require(user, "inspections.manage", inspection)
    drawn = draw(inspection, method, seed)
    if not drawn.met:  # cannot happen: select() meets every quota (property-tested)
        raise ValidationError(_("The selection does not meet the quotas."))
    keep = set(inspection.visits.exclude(visited_on=None).values_list("agency_id", flat=True))
    inspection.visits.filter(visited_on=None).delete()
    for unit in drawn.chosen:
        if unit.pk not in keep:
            Visit.objects.create(inspection_plan=inspection, agency_id=unit.pk, risk=unit.risk)
    inspection.method, inspection.seed = method, seed
    inspection.save(update_fields=["method", "seed"])
    return drawn


def record_visit(user, visit: Visit, visited_on: datetime.date, conclusion: str) -> Visit:
    require(user, "inspections.manage", visit.inspection_plan)
    visit.visited_on, visit.conclusion = visited_on, conclusion.strip()
    visit.save(update_fields=["visited_on", "conclusion"])
    return visit


@transaction.atomic
def add_finding(
    user,
    visit: Visit,
    text: str,
    lead: Agency,
    due: datetime.date,
    evidence: str = "",
    area: str = "",
) -> Finding:
    """A finding of ``visit`` and its follow-up task in the reform plan: lead agency and
    deadline as given, assigned and tracked like every other task."""
    inspection = visit.inspection_plan
    require(user, "inspections.manage", inspection)
    if lead.root.pk != inspection.province_id:
        raise ValidationError(_("The lead agency belongs to another province."))
    reform_plan = inspection.reform_plan
    if reform_plan is None or reform_plan.is_draft:
        raise ValidationError(
            _("Link the inspection plan to an issued reform plan: the follow-up goes there.")
        )
    finding = Finding(visit=visit, text=text.strip(), evidence=evidence.strip(), lead=lead, due=due)
    if area:
        finding.area = area
    count = Finding.objects.filter(visit__inspection_plan=inspection).count() + 1
    content = _("Follow up the inspection of %(unit)s: %(finding)s") % {
        "unit": visit.agency.name,
        "finding": finding.text,
    }
    task = plans.amend_task(
        Task(plan=reform_plan),
        None,
        {
            "ref": f"KT{inspection.year}.{count}",
            "parent": None,
            "area": finding.area,
            "content": content,
        },
        [
            {
                "product": _("Report on the follow-up"),
                "deadline_raw": due.strftime("%d/%m/%Y"),
                "deadline_kind": Deliverable.DeadlineKind.DATE,
                "start": None,
                "due": due,
            }
        ],
        [f"a:{lead.pk}"],
        [],
        _("Inspection %(title)s") % {"title": inspection.title},
        user,
    )
    finding.task = task
    finding.save()
    return finding
