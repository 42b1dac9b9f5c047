"""What the public portal shows and its open-data files: issued plans, their tasks and
targets, the reform index of closed rounds, survey results and inspection conclusions,
read from the selectors that own each figure.

Only what is listed here is public. Each dataset names its columns (``Column``: name,
type, meaning) and builds its rows from an explicit list of fields: a field is public
because it is named here, never because a model has it. Drafts, review notes, progress
notes and evidence, halt and override reasons, the source document's text, values'
notes, open survey answers, dossier codes, links and people are not named, so they are
nowhere in the portal (tests/portal/test_public.py walks every public URL to check).

Figures are never counted here: task counts are ``tracking.selectors.count_statuses``
(through ``province_overview`` and ``plan_dashboard``), a target's value and status is
``indicators.selectors.summary``, survey indices are ``surveys.selectors.results``, the
reform index is ``scoring.selectors.results`` of a closed round (its totals, area indices
and ranks: item scores, evidence, appraisal reasons and council votes stay inside).
Survey results of fewer than ``CCHC_PUBLIC_MIN_RESPONSES`` responses (a unit, or the
whole) are not published: a handful of answers would point to the people who gave them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province
from cchc.indicators import selectors as indicators
from cchc.plans.models import Area, Assignment, Mention, Plan
from cchc.scoring import selectors as scoring
from cchc.scoring.models import Round
from cchc.surveys import selectors as surveys
from cchc.surveys.models import Questionnaire, Response
from cchc.tracking import selectors as tracking
from cchc.web.templatetags.display import display_ref


def published_plans() -> QuerySet[Plan]:
    """The plans anybody may read: issued ones (a draft, or a plan taken back to draft, is not)."""
    return (
        Plan.objects.filter(status=Plan.Status.PUBLISHED)
        .select_related("province")
        .order_by("province__name", "-signed", "-pk")
    )


def published_rounds() -> QuerySet[Round]:
    """Reform-index rounds whose results are published: closed ones, newest first."""
    return (
        Round.objects.filter(state=Round.State.CLOSED)
        .select_related("framework__province")
        .order_by("framework__province__name", "-year", "framework__name")
    )


def provinces() -> QuerySet[Agency]:
    """Provinces with an issued plan or a survey response."""
    with_plans = Plan.objects.filter(status=Plan.Status.PUBLISHED).values("province")
    answered = Response.objects.values("agency__province")
    answered_root = Response.objects.values("agency")
    return Agency.objects.filter(province__isnull=True).filter(
        Q(pk__in=with_plans) | Q(pk__in=answered) | Q(pk__in=answered_root)
    )


def min_responses() -> int:
    return settings.CCHC_PUBLIC_MIN_RESPONSES


# --- the pages' blocks ------------------------------------------------------------------


def plan_overview() -> list[dict]:
    """Each issued plan with its totals (``tracking.selectors.province_overview``)."""
    return tracking.province_overview(published_plans())


def plan_page(plan: Plan, day: datetime.date | None = None) -> dict:
    """A plan's public page: the dashboard's totals, areas, lead agencies and timeline,
    the targets with their values, every task with its status and progress."""
    day = day or tracking.today()
    figures = tracking.plan_dashboard(plan, day)
    return {
        "totals": figures["totals"],
        "by_area": figures["by_area"],
        "by_agency": figures["by_agency"],
        "timeline": figures["timeline"],
        "targets": indicators.plan_indicators(plan, day),
        "tasks": task_rows(plan, day),
    }


def task_rows(plan: Plan, day: datetime.date | None = None) -> list[dict]:
    tasks = list(tracking.with_progress(tracking.plan_tasks(plan, day)))
    tracking.label_rows(tasks)
    leads: dict[int, list[str]] = {}
    rows = Assignment.objects.filter(plan=plan, role=Mention.Role.LEAD).order_by("agency__name")
    for task_id, name in rows.values_list("task_id", "agency__name"):
        leads.setdefault(task_id, []).append(name)
    areas = dict(Area.choices)
    return [
        {
            "ref": display_ref(t.ref),  # without the extraction's "#2" suffix
            "area": t.area,
            "area_label": areas.get(t.area, ""),
            "content": t.content,
            "lead_agencies": leads.get(t.pk, []),
            "due": t.due,
            "due_text": t.due_text,
            "status": t.status,
            "status_label": t.status_label,
            "progress": t.shown_progress,
            "progress_text": t.progress_text,
            "completed_on": t.completed_on,
        }
        for t in tasks
    ]


def survey_years(province: Agency) -> list[int]:
    found = Response.objects.filter(agency__in=in_province(province)).dates("submitted_on", "year")
    return sorted({d.year for d in found}, reverse=True)


def survey_results(province: Agency, year: int) -> list[dict]:
    """Per active questionnaire with published answers in ``year``: the count, the overall
    index, the factors, the units with enough responses, the per-dossier criteria. No open
    answers, no months (a month of one unit can be one person)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    unit_ids = list(in_province(province).values_list("pk", flat=True))
    least = min_responses()
    out = []
    for questionnaire in Questionnaire.objects.filter(active=True):
        found = surveys.responses(questionnaire, start, end, unit_ids)
        result = surveys.results(questionnaire, found)
        if result["count"] < least:
            continue
        ratings = {r["agency__name"]: r for r in result["ratings"]}
        out.append(
            {
                "questionnaire": questionnaire,
                "count": result["count"],
                "overall": result["overall"],
                "factors": result["factors"],
                "units": [
                    {**u, "rating": ratings.get(u["agency"])}
                    for u in result["units"]
                    if u["n"] >= least
                ],
                "hidden_units": sum(1 for u in result["units"] if u["n"] < least),
                "criteria": result["criteria"],
            }
        )
    return out


def inspection_conclusions() -> list:
    """Visits made, with their conclusion: unit, date, conclusion, number of findings (not
    the findings' evidence, not the risk score, not the visits still to come)."""
    from django.db.models import Count

    from cchc.inspections.models import Visit

    return list(
        Visit.objects.filter(visited_on__isnull=False)
        .exclude(conclusion="")
        .select_related("agency", "inspection_plan__province")
        .annotate(finding_count=Count("findings"))
        .order_by("-visited_on", "agency__name")
    )


# --- the open-data files ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # JSON type: "string", "integer", "number", "date" (ISO 8601 string), "array"
    description: object  # a lazy translation


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    columns: tuple[Column, ...]
    rows: object  # () -> iterable of dicts keyed by column name


C = Column
PLAN_KEYS = (
    C("plan_id", "integer", gettext_lazy("Number of the plan in this portal")),
    C("province", "string", gettext_lazy("Province that issued the plan")),
    C("plan_number", "string", gettext_lazy("Document number")),
)


def _plan_keys(plan: Plan) -> dict:
    return {"plan_id": plan.pk, "province": plan.province.name, "plan_number": plan.number}


def _plans():
    for row in plan_overview():
        plan = row["plan"]
        yield {
            **_plan_keys(plan),
            "title": plan.title,
            "issuer": plan.issuer,
            "signed": plan.signed,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "tasks": row["total"],
            "done": row["done"],
            "percent_done": row["percent"],
            **{status: row[status] for status in tracking.Status.ORDER},
        }


def _tasks():
    for plan in published_plans():
        for row in task_rows(plan):
            yield {
                **_plan_keys(plan),
                **{k: row[k] for k in ("ref", "area", "content", "lead_agencies", "due")},
                "status": row["status"],
                "progress": row["progress"],
                "completed_on": row["completed_on"],
            }


def _targets():
    day = tracking.today()
    for plan in published_plans():
        for summary in indicators.plan_indicators(plan, day):
            target = summary["indicator"].target
            period = summary["period"]
            yield {
                **_plan_keys(plan),
                "text": target.text,
                "comparator": target.comparator,
                "target_value": target.value,
                "unit": target.unit,
                "due": target.due,
                "value": summary["value"],
                "period_start": period.start if period else None,
                "status": summary["status"],
            }


def _surveys():
    for province in provinces():
        for year in survey_years(province):
            for block in survey_results(province, year):
                keys = {
                    "province": province.name,
                    "year": year,
                    "questionnaire": block["questionnaire"].code,
                }
                yield {**keys, "scope": "overall", "name": "", "responses": block["count"]} | {
                    "share_satisfied": block["overall"]
                }
                for f in block["factors"]:
                    yield {**keys, "scope": "factor", "name": f["factor"].name} | {
                        "responses": None,
                        "answers": f["n"],
                        "share_satisfied": f["share"],
                    }
                for u in block["units"]:
                    yield {**keys, "scope": "unit", "name": u["agency"]} | {
                        "responses": u["n"],
                        "share_satisfied": u["share"],
                    }


def _index():
    for the_round in published_rounds():
        found = scoring.results(the_round)
        for row in found.rows:
            yield {
                "province": the_round.framework.province.name,
                "year": the_round.year,
                "framework": the_round.framework.name,
                "group": row.assessment.group,
                "rank": row.rank,
                "unit": row.assessment.unit.name,
                "points": row.points,
                "maximum": row.maximum,
                "index": row.index,
                "areas": [
                    f"{area.code}: {value:.2f}"
                    for area, value in zip(found.areas, row.area_index, strict=True)
                    if value is not None
                ],
                "band": row.band,
                "last_year": row.last_year,
            }


def _inspections():
    for visit in inspection_conclusions():
        yield {
            "province": visit.inspection_plan.province.name,
            "year": visit.inspection_plan.year,
            "inspection_plan": visit.inspection_plan.title,
            "unit": visit.agency.name,
            "visited_on": visit.visited_on,
            "conclusion": visit.conclusion,
            "findings": visit.finding_count,
        }


STATUS_NOTE = gettext_lazy("one of done_on_time, done_late, open_on_time, open_overdue, halted")
DATASETS = {
    d.name: d
    for d in (
        Dataset(
            "plans",
            gettext_lazy("Issued plans and their progress"),
            (
                *PLAN_KEYS,
                C("title", "string", gettext_lazy("Summary of the plan")),
                C("issuer", "string", gettext_lazy("Issuing agency")),
                C("signed", "date", gettext_lazy("Date signed")),
                C("period_start", "date", gettext_lazy("Start of the plan's period")),
                C("period_end", "date", gettext_lazy("End of the plan's period")),
                C("tasks", "integer", gettext_lazy("Number of tasks")),
                C("done", "integer", gettext_lazy("Tasks completed (on time or late)")),
                C("percent_done", "integer", gettext_lazy("Tasks completed, % of all, rounded")),
                *(C(s, "integer", tracking.Status.LABELS[s]) for s in tracking.Status.ORDER),
            ),
            _plans,
        ),
        Dataset(
            "tasks",
            gettext_lazy("Tasks of the issued plans"),
            (
                *PLAN_KEYS,
                C("ref", "string", gettext_lazy("Item number in the plan")),
                C("area", "string", gettext_lazy("Reform area (code)")),
                C("content", "string", gettext_lazy("Task")),
                C("lead_agencies", "array", gettext_lazy("Lead agencies (names)")),
                C("due", "date", gettext_lazy("Final deadline (empty: recurring or none)")),
                C("status", "string", STATUS_NOTE),
                C(
                    "progress",
                    "number",
                    gettext_lazy("Progress, % (the roll-up rule of the task pages)"),
                ),
                C("completed_on", "date", gettext_lazy("Completion date")),
            ),
            _tasks,
        ),
        Dataset(
            "targets",
            gettext_lazy("Targets of the issued plans and their latest values"),
            (
                *PLAN_KEYS,
                C("text", "string", gettext_lazy("Target as the plan states it")),
                C(
                    "comparator",
                    "string",
                    gettext_lazy("Comparison with the target value (>=, <=, =)"),
                ),
                C("target_value", "number", gettext_lazy("Target value")),
                C("unit", "string", gettext_lazy("Unit of measure")),
                C("due", "date", gettext_lazy("Date the target is due")),
                C(
                    "value",
                    "number",
                    gettext_lazy("Latest value for the whole scope (empty: none)"),
                ),
                C("period_start", "date", gettext_lazy("Start of the latest value's period")),
                C("status", "string", gettext_lazy("met, on_track, at_risk, missed or no_data")),
            ),
            _targets,
        ),
        Dataset(
            "surveys",
            gettext_lazy("Satisfaction survey results"),
            (
                C("province", "string", gettext_lazy("Province")),
                C("year", "integer", gettext_lazy("Year the answers were given")),
                C("questionnaire", "string", gettext_lazy("Questionnaire (code)")),
                C("scope", "string", gettext_lazy("overall, factor or unit")),
                C("name", "string", gettext_lazy("Factor or unit (empty for overall)")),
                C("responses", "integer", gettext_lazy("Responses (overall and unit rows)")),
                C("answers", "integer", gettext_lazy("Scale answers (factor rows)")),
                C("share_satisfied", "number", gettext_lazy("Share of satisfied answers, %")),
            ),
            _surveys,
        ),
        Dataset(
            "index",
            gettext_lazy("Reform index results of closed rounds"),
            (
                C("province", "string", gettext_lazy("Province")),
                C("year", "integer", gettext_lazy("Year assessed")),
                C("framework", "string", gettext_lazy("Set of criteria")),
                C("group", "string", gettext_lazy("Ranking group")),
                C("rank", "integer", gettext_lazy("Rank in the group (ties share a rank)")),
                C("unit", "string", gettext_lazy("Unit assessed")),
                C("points", "number", gettext_lazy("Points")),
                C("maximum", "number", gettext_lazy("Maximum points")),
                C("index", "number", gettext_lazy("Index, % (points ÷ maximum × 100)")),
                C("areas", "array", gettext_lazy("Index of each area, % (“code: value”)")),
                C("band", "string", gettext_lazy("Classification")),
                C("last_year", "number", gettext_lazy("Last year's index, % (empty: none)")),
            ),
            _index,
        ),
        Dataset(
            "inspections",
            gettext_lazy("Conclusions of reform inspections"),
            (
                C("province", "string", gettext_lazy("Province")),
                C("year", "integer", gettext_lazy("Year of the inspection plan")),
                C("inspection_plan", "string", gettext_lazy("Inspection plan")),
                C("unit", "string", gettext_lazy("Unit inspected")),
                C("visited_on", "date", gettext_lazy("Date of the visit")),
                C("conclusion", "string", gettext_lazy("Conclusion")),
                C(
                    "findings",
                    "integer",
                    gettext_lazy("Number of findings (each followed up as a task)"),
                ),
            ),
            _inspections,
        ),
    )
}


def _cell(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal: a number, not a string, in JSON
        return float(value)
    return value


def dataset_rows(dataset: Dataset) -> list[dict]:
    """Rows with exactly the dataset's columns, in its order (missing cells are None)."""
    names = [c.name for c in dataset.columns]
    return [{n: _cell(row.get(n)) for n in names} for row in dataset.rows()]


def schema() -> dict:
    """The documented schema of every file: a column list per dataset."""
    return {
        "generated": timezone.now().isoformat(timespec="seconds"),
        "formats": {
            "json": _("An object with “dataset”, “columns” and “rows” (a list of objects)."),
            "csv": _(
                "UTF-8 with a byte-order mark, one header row with the column names; "
                "a list is joined with “; ”; dates as YYYY-MM-DD."
            ),
        },
        "datasets": {
            d.name: {
                "title": str(d.title),
                "columns": [
                    {"name": c.name, "type": c.type, "description": str(c.description)}
                    for c in d.columns
                ],
            }
            for d in DATASETS.values()
        },
    }
