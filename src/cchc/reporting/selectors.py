"""Reads for periodic reports: cycles, who owes what, task data as of a cut-off,
and the figures of the consolidated report.

Task data as of a cycle's cut-off (``data_end``) — one rule, used by the
agency report and the consolidated report alike:

- each task's state is its latest history record made by the end of the
  cut-off day (django-simple-history); a task imported later counts with the
  state it was imported with;
- a task whose current completion day is on or before the cut-off counts as
  completed on that day, even when recorded later (an accepted period refuses
  such back-dated entries, see ``locks``);
- status words are those of ``cchc.tracking.selectors.status_of`` on the
  cut-off day; progress follows the tracking roll-up rule (a parent shows the
  average of its direct sub-tasks unless overridden);
- evidence is the files attached to updates made by the end of the cut-off day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.agencies.models import Agency
from cchc.indicators import attainment
from cchc.plans.models import Area, Assignment, Mention, Plan, Target, Task
from cchc.reporting.models import (
    AgencyReport,
    ConsolidatedReport,
    ReportCycle,
    ReportTargetValue,
)
from cchc.tracking.models import Evidence
from cchc.tracking.selectors import Status, status_of, today
from cchc.tracking.selectors import count_statuses as tracking_counts


def cycles(plan: Plan) -> QuerySet[ReportCycle]:
    return plan.report_cycles.all()


def current_cycle(plan: Plan, day: datetime.date | None = None) -> ReportCycle | None:
    """The next report due on or after ``day``; the last one once all are past."""
    day = day or today()
    found = cycles(plan).filter(due__gte=day).first()
    return found or cycles(plan).last()


def owing_agencies(plan: Plan) -> QuerySet[Agency]:
    """The agencies a published plan assigns tasks to: each owes every report."""
    return Agency.objects.filter(assignments__plan=plan).distinct().order_by("name")


def owes(plan: Plan, agency: Agency) -> bool:
    return Assignment.objects.filter(plan=plan, agency=agency).exists()


def report_for(cycle: ReportCycle, agency: Agency) -> AgencyReport:
    """The agency's saved report, or a new unsaved draft (for permission checks and forms)."""
    found = AgencyReport.objects.filter(cycle=cycle, agency=agency).first()
    return found or AgencyReport(cycle=cycle, agency=agency)


@dataclass
class Owed:
    """One report an agency owes: the cycle, its report's status if started, and lateness."""

    cycle: ReportCycle
    status: str | None  # None: not started
    return_reason: str
    overdue: bool

    @property
    def status_label(self) -> str:
        if self.status is None:
            return _("Not drafted")
        return str(AgencyReport.Status(self.status).label)


def owed_reports(agency: Agency, day: datetime.date | None = None) -> list[Owed]:
    """Reports of published plans ``agency`` still owes (not accepted), by due date.

    One query: each cycle carries its report's status and return reason. A report
    not sent by its due day is overdue.
    """
    day = day or today()
    return [_owed(cycle, day) for cycle in _open_cycles(agency)]


# The landing page lists the reports due within this many days (and overdue ones).
DUE_WITHIN_DAYS = 30


def reports_due(agency: Agency, shown: int) -> tuple[list[Owed], bool]:
    """The first ``shown`` rows of :func:`owed_reports` due within ``DUE_WITHIN_DAYS``
    days (overdue and returned ones included), and whether there are more."""
    day = today()
    horizon = day + datetime.timedelta(days=DUE_WITHIN_DAYS)
    cycles = _open_cycles(agency).filter(due__lte=horizon)[: shown + 1]
    rows = [_owed(cycle, day) for cycle in cycles]
    return rows[:shown], len(rows) > shown


def _open_cycles(agency: Agency) -> QuerySet[ReportCycle]:
    """Cycles of published plans assigning ``agency`` tasks, whose report by ``agency``
    is not accepted (or not started), with its status and return reason."""
    plans = Assignment.objects.filter(agency=agency).values("plan")
    # (without the report's own ordering, which would join its cycle, plan and agency)
    own = AgencyReport.objects.filter(cycle=OuterRef("pk"), agency=agency).order_by()
    return (
        ReportCycle.objects.filter(plan__in=plans, plan__status=Plan.Status.PUBLISHED)
        .annotate(
            report_status=Subquery(own.values("status")[:1]),
            report_reason=Subquery(own.values("return_reason")[:1]),
        )
        # not "exclude(accepted)": NOT (NULL = 'accepted') would drop reports not started
        .filter(Q(report_status__isnull=True) | ~Q(report_status=AgencyReport.Status.ACCEPTED))
        .select_related("plan")
        .order_by("due", "plan_id")
    )


def _owed(cycle: ReportCycle, day: datetime.date) -> Owed:
    sent = (AgencyReport.Status.SUBMITTED, AgencyReport.Status.ACCEPTED)
    return Owed(
        cycle,
        cycle.report_status,
        cycle.report_reason or "",
        cycle.due < day and cycle.report_status not in sent,
    )


def cycle_reports(cycle: ReportCycle) -> list[AgencyReport]:
    """Every owing agency's report for ``cycle`` (unsaved drafts for those not started)."""
    saved = {r.agency_id: r for r in cycle.reports.select_related("agency")}
    return [
        saved.get(agency.pk) or AgencyReport(cycle=cycle, agency=agency)
        for agency in owing_agencies(cycle.plan)
    ]


# --- task data as of a cut-off --------------------------------------------------------


@dataclass
class TaskRow:
    """One task as of a cut-off, in the words and numbers a report prints."""

    pk: int
    ref: str
    content: str
    area: str
    area_label: str
    leads: list[str]
    status: str
    progress: Decimal
    due: datetime.date | None
    completed_on: datetime.date | None
    evidence: list[tuple[int, str]] = field(default_factory=list)
    role: str = ""  # the reporting agency's role (lead/coop), for an agency report

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])

    def as_json(self) -> dict:
        """The row as stored in a submitted report's snapshot."""
        return {
            "pk": self.pk,
            "ref": self.ref,
            "content": self.content,
            "area": self.area,
            "leads": self.leads,
            "status": self.status,
            "progress": str(self.progress),
            "due": self.due.isoformat() if self.due else None,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "evidence": [name for _pk, name in self.evidence],
            "role": self.role,
        }


def cutoff_moment(day: datetime.date) -> datetime.datetime:
    """The first moment after the cut-off day, in the site's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(1), datetime.time())
    )


def task_rows(plan: Plan, day: datetime.date) -> list[TaskRow]:
    """Every task of ``plan`` as of the end of ``day`` (see the module docstring)."""
    moment = cutoff_moment(day)
    current = {t.pk: t for t in plan.tasks.all()}
    History = Task.history.model
    latest = (
        History.objects.filter(id=OuterRef("id"), history_date__lt=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    first = (
        History.objects.filter(id=OuterRef("id"))
        .order_by("history_date", "history_id")
        .values("history_id")[:1]
    )
    states = {
        r.id: r for r in History.objects.filter(id__in=list(current), history_id=Subquery(latest))
    }
    missing = [pk for pk in current if pk not in states]
    if missing:  # created after the cut-off: the state it was created with
        states.update(
            (r.id, r) for r in History.objects.filter(id__in=missing, history_id=Subquery(first))
        )

    leads: dict[int, list[str]] = {}
    for task_id, name in (
        Assignment.objects.filter(plan=plan, role=Mention.Role.LEAD)
        .order_by("agency__name")
        .values_list("task_id", "agency__name")
    ):
        leads.setdefault(task_id, []).append(name)
    evidence: dict[int, list[tuple[int, str]]] = {}
    for pk, task_id, name in (
        Evidence.objects.filter(update__task__plan=plan, update__created_at__lt=moment)
        .order_by("update__created_at", "pk")
        .values_list("pk", "update__task_id", "original_name")
    ):
        evidence.setdefault(task_id, []).append((pk, name))

    area_labels = dict(Area.choices)
    rows: dict[int, TaskRow] = {}
    for pk, task in current.items():
        state = states.get(pk, task)
        completed_on = state.completed_on
        if task.completed_on and task.completed_on <= day:
            completed_on = task.completed_on
        elif completed_on and completed_on > day:
            completed_on = None
        state.completed_on = completed_on  # a history record in memory; never saved
        progress = Decimal(100) if completed_on else state.progress
        rows[pk] = TaskRow(
            pk=pk,
            ref=task.ref,
            content=task.content,
            area=task.area,
            area_label=str(area_labels.get(task.area, _("No area assigned"))),
            leads=leads.get(pk, []),
            status=status_of(state, day),
            progress=progress,
            due=state.due,
            completed_on=completed_on,
            evidence=evidence.get(pk, []),
        )
    # The roll-up: a parent shows the plain average of its direct sub-tasks, unless overridden.
    children: dict[int, list[Decimal]] = {}
    for pk, task in current.items():
        if task.parent_id in rows:
            children.setdefault(task.parent_id, []).append(rows[pk].progress)
    for parent_id, values in children.items():
        if not states.get(parent_id, current[parent_id]).progress_override:
            rows[parent_id].progress = sum(values, Decimal(0)) / len(values)
    order = sorted(current.values(), key=lambda t: t.position)
    return [rows[t.pk] for t in order]


def agency_rows(cycle: ReportCycle, agency: Agency) -> list[TaskRow]:
    """The tasks ``agency`` is assigned in the cycle's plan, as of the cycle's cut-off."""
    roles = dict(
        Assignment.objects.filter(plan=cycle.plan, agency=agency).values_list("task_id", "role")
    )
    rows = [row for row in task_rows(cycle.plan, cycle.data_end) if row.pk in roles]
    for row in rows:
        row.role = roles[row.pk]
    return rows


def count_statuses(rows: list[TaskRow]) -> dict:
    """Totals per status, the number done and the completion share in percent
    (``cchc.tracking.selectors.count_statuses`` of the rows' statuses)."""
    return tracking_counts(row.status for row in rows)


def figures(rows: list[TaskRow]) -> dict:
    """The status counts of a plan's task rows: ``totals``, ``by_area`` (in the areas'
    order, tasks without one last) and ``by_agency`` (per lead agency, by name; a task
    with two leads counts for each), as :class:`GroupRow` lists."""
    area_labels = dict(Area.choices)
    by_area = []
    for area in [*Area.values, ""]:
        group = [r for r in rows if r.area == area]
        if group:
            label = str(area_labels.get(area, _("No area assigned")))
            by_area.append(GroupRow(label, count_statuses(group)))
    agencies = sorted({name for row in rows for name in row.leads})
    by_agency = [
        GroupRow(name, count_statuses([r for r in rows if name in r.leads])) for name in agencies
    ]
    return {"totals": count_statuses(rows), "by_area": by_area, "by_agency": by_agency}


def plan_figures(plan: Plan, day: datetime.date) -> dict:
    """:func:`figures` of ``plan``'s tasks as of the end of ``day`` (the API's answer;
    the consolidated report's appendices for its cut-off)."""
    return figures(task_rows(plan, day))


def area_summaries(rows: list[TaskRow]) -> dict[str, str]:
    """A first sentence per reform area for an agency's "kết quả đạt được" (editable)."""
    by_area: dict[str, list[TaskRow]] = {}
    for row in rows:
        by_area.setdefault(row.area or Area.OTHER, []).append(row)
    summaries = {}
    for area, group in by_area.items():
        counts = count_statuses(group)
        summaries[area] = _(
            "%(total)d tasks carried out: %(done)d completed (%(late)d late), %(open)d in "
            "progress within deadline, %(overdue)d unfinished and overdue."
        ) % {
            "total": counts["total"],
            "done": counts["done"],
            "late": counts[Status.DONE_LATE],
            "open": counts[Status.OPEN_ON_TIME],
            "overdue": counts[Status.OPEN_OVERDUE],
        }
    return summaries


def _target_results(plan: Plan, day: datetime.date) -> dict[int, dict]:
    """``cchc.indicators.selectors.target_results`` (empty without that app)."""
    if not apps.is_installed("cchc.indicators"):
        return {}
    from cchc.indicators.selectors import target_results

    return target_results(plan, day)


def measured_values(plan: Plan, agency: Agency, day: datetime.date) -> dict[int, Decimal]:
    """The agency's figure per target held by ``cchc.indicators`` (entered there or
    computed from one-stop data) as of ``day``, chosen as the indicator pages choose
    it: a report's suggestion."""
    found = {}
    for target_id, result in _target_results(plan, day).items():
        _status, _period, value = result["agencies"].get(agency.pk, (None, None, None))
        if value is not None:
            found[target_id] = value
    return found


def target_values(report: AgencyReport) -> dict[int, ReportTargetValue]:
    if report.pk is None:
        return {}
    return {v.target_id: v for v in report.values.all()}


# --- the consolidated report ----------------------------------------------------------


@dataclass
class GroupRow:
    """A line of an appendix table: a label and the status counts of its tasks."""

    label: str
    counts: dict


@dataclass
class TargetRow:
    """A line of Phụ lục III: a target's result for the province (``headline``), or one
    agency's figure under it."""

    target: Target
    planned: str  # "≥ 95 %"
    agency: str  # "Toàn phạm vi", "1/2 cơ quan đạt", or the agency's name
    value: Decimal | None
    status: str  # a status of cchc.indicators.attainment
    headline: bool = True

    @property
    def assessment(self) -> str:
        return str(attainment.LABELS[self.status])


@dataclass
class Consolidated:
    """Everything the province's report for one cycle shows, in the order it shows it."""

    plan: Plan
    cycle: ReportCycle
    issuer: str  # "ỦY BAN NHÂN DÂN TỈNH A"
    place: str  # "A"
    signature: dict  # number, recipients, signer_for, signer_title, signer_name (signature())
    day: datetime.date
    totals: dict
    by_area: list[GroupRow]
    by_agency: list[GroupRow]
    targets: list[TargetRow]
    reports: list[AgencyReport]
    # narratives of the accepted reports: (area label, [(agency, text)]), then the other sections
    results: list[tuple[str, list[tuple[str, str]]]]
    shortcomings: list[tuple[str, str]]
    causes: list[tuple[str, str]]
    proposals: list[tuple[str, str]]

    @property
    def accepted(self) -> list[AgencyReport]:
        return [r for r in self.reports if r.status == AgencyReport.Status.ACCEPTED]

    @property
    def sent(self) -> list[AgencyReport]:
        return [r for r in self.reports if r.submitted_at is not None]

    @property
    def late(self) -> list[AgencyReport]:
        return [r for r in self.reports if r.late]

    @property
    def missing(self) -> list[AgencyReport]:
        return [r for r in self.reports if r.submitted_at is None]

    @property
    def title(self) -> str:
        return _("Results of administrative reform work %(period)s") % {
            "period": self.cycle.label[:1].lower() + self.cycle.label[1:]
        }


COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def _planned(target: Target) -> str:
    if target.value is None:
        return ""
    value = f"{target.value.normalize():f}".replace(".", ",")
    return f"{COMPARATORS.get(target.comparator, target.comparator)} {value} {target.unit}".strip()


def target_rows(plan: Plan, day: datetime.date, accepted: list[AgencyReport]) -> list[TargetRow]:
    """Phụ lục III as of ``day``: each target's result for the province, then each
    agency's figure.

    The figures are those ``cchc.indicators`` selects (values entered by the reform
    office or computed from one-stop data, see ``target_results``): the province's
    result is the whole-scope value, else the agencies' worst status. A value an
    agency reported in an accepted report is listed under it, marked as
    self-reported, when the indicators hold no figure of that agency; it never
    stands for the province's result.
    """
    results = _target_results(plan, day)
    reported: dict[int, list[ReportTargetValue]] = {}
    for value in (
        ReportTargetValue.objects.filter(report__in=accepted, value__isnull=False)
        .select_related("report__agency")
        .order_by("report__agency__name")
    ):
        reported.setdefault(value.target_id, []).append(value)
    names = dict(
        Agency.objects.filter(
            pk__in={pk for result in results.values() for pk in result["agencies"]}
        ).values_list("pk", "name")
    )
    rows = []
    for target in plan.targets.all():
        planned = _planned(target)
        result = results.get(target.pk)
        if result is None:  # a target without an indicator: nothing measured
            rows.append(TargetRow(target, planned, "", None, attainment.NO_DATA))
            continue
        indicator = result["indicator"]
        whole = result["value"] is not None
        label = _("Whole scope") if whole else str(result["basis"])
        rows.append(TargetRow(target, planned, label, result["value"], result["status"]))
        measured = sorted(
            (names[pk], status, value)
            for pk, (status, _period, value) in result["agencies"].items()
            if value is not None
        )
        for name, status, value in measured:
            rows.append(TargetRow(target, planned, name, value, status, headline=False))
        for value in reported.get(target.pk, []):
            if value.report.agency_id in result["agencies"]:
                continue
            status = attainment.status(
                value.value,
                indicator.comparator,
                indicator.value,
                indicator.start,
                indicator.due,
                day,
            )
            name = _("%(agency)s (self-reported)") % {"agency": value.report.agency.name}
            rows.append(TargetRow(target, planned, name, value.value, status, headline=False))
    return rows


def issuer_name(plan: Plan) -> str:
    """The province's People's Committee in capitals, as the header prints it."""
    return (plan.province.name or plan.issuer).upper()


def _unit_name(plan: Plan) -> str:
    """The province's name without "Ủy ban nhân dân": "thành phố Hà Nội", "tỉnh Quảng Nam"."""
    name = plan.province.name
    for prefix in ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
    return name.strip()


CITY = "thành phố "
PROVINCE = "tỉnh "


def issuer_kind(plan: Plan) -> str:
    """Whether the plan's province is a centrally-run city (``CITY``) or a province
    (``PROVINCE``), read from its name ("Ủy ban nhân dân thành phố Hà Nội")."""
    return CITY if _unit_name(plan).lower().startswith(CITY) else PROVINCE


def place_name(plan: Plan) -> str:
    """ "Ủy ban nhân dân tỉnh Quảng Nam" → "Quảng Nam" (the place of the date line)."""
    name = _unit_name(plan)
    for prefix in (CITY, PROVINCE):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
    return name.strip()


def default_signature(plan: Plan) -> dict:
    """The header number and signature block a report of ``plan``'s province prints
    unless the office sets them: by the issuer's kind (tỉnh / thành phố)."""
    if issuer_kind(plan) == CITY:
        councils = _(
            "Standing Board of the City Party Committee, Standing Board of the City People's "
            "Council;"
        )
        leaders = _("Chairman and Vice-Chairmen of the City People's Committee;")
    else:
        councils = _(
            "Standing Board of the Provincial Party Committee, Standing Board of the "
            "Provincial People's Council;"
        )
        leaders = _("Chairman and Vice-Chairmen of the Provincial People's Committee;")
    return {
        "number": "      /BC-UBND",
        "recipients": [
            _("Ministry of Home Affairs;"),
            councils,
            leaders,
            _("Department of Home Affairs;"),
            _("Archived: Clerical office."),
        ],
        "signer_for": _("ON BEHALF OF THE PEOPLE'S COMMITTEE"),
        "signer_title": _("CHAIRMAN"),
        "signer_name": "",
    }


def signature(cycle: ReportCycle) -> dict:
    """What the report of ``cycle`` prints as number, recipients and signer: the office's
    settings (``ConsolidatedReport``), each blank one replaced by its default."""
    found = ConsolidatedReport.objects.filter(cycle=cycle).first()
    out = default_signature(cycle.plan)
    if found is None:
        return out
    recipients = [line.strip() for line in found.recipients.splitlines() if line.strip()]
    if recipients:
        out["recipients"] = recipients
    for name in ("number", "signer_for", "signer_title", "signer_name"):
        if getattr(found, name).strip():
            out[name] = getattr(found, name).strip()
    return out


def consolidated(cycle: ReportCycle, day: datetime.date | None = None) -> Consolidated:
    """The province's report for ``cycle``: live task data as of the cut-off and the
    accepted agency reports (their narratives and target values)."""
    plan = cycle.plan
    found = figures(task_rows(plan, cycle.data_end))
    area_labels = dict(Area.choices)

    reports = cycle_reports(cycle)
    accepted = [r for r in reports if r.status == AgencyReport.Status.ACCEPTED]
    targets = target_rows(plan, cycle.data_end, accepted)

    results = []
    for area in Area.values:
        texts = [(r.agency.name, r.results.get(area, "").strip()) for r in accepted]
        texts = [(name, text) for name, text in texts if text]
        if texts:
            results.append((str(area_labels[area]), texts))

    def section(name: str) -> list[tuple[str, str]]:
        return [
            (r.agency.name, getattr(r, name).strip()) for r in accepted if getattr(r, name).strip()
        ]

    return Consolidated(
        plan=plan,
        cycle=cycle,
        issuer=issuer_name(plan),
        place=place_name(plan),
        signature=signature(cycle),
        day=day or today(),
        totals=found["totals"],
        by_area=found["by_area"],
        by_agency=found["by_agency"],
        targets=targets,
        reports=reports,
        results=results,
        shortcomings=section("shortcomings"),
        causes=section("causes"),
        proposals=section("proposals"),
    )
