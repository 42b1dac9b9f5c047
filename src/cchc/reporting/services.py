"""Writes for periodic reports: the regime read from the plan, cycle edits, and the
agency report's workflow (draft → submitted → returned → … → accepted).

Every function checks the permission again (whatever the view checked), runs in
one transaction and leaves a history record (django-simple-history) naming the
user; a return keeps its reason as the history's change reason too.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.extraction.fields import reporting as regime_text
from cchc.plans.models import Area, Plan
from cchc.plans.services import StaleVersion, claim_version
from cchc.reporting import selectors
from cchc.reporting.models import (
    AgencyReport,
    ConsolidatedReport,
    ReportCycle,
    ReportingRegime,
    ReportTargetValue,
)
from cchc.tracking.selectors import today

log = logging.getLogger(__name__)
Status = AgencyReport.Status

STALE_REPORT = gettext_lazy(
    "Someone else saved this report after you opened the page. Your changes were not saved: "
    "they are kept in the form below; compare them with the saved report and save again."
)

STALE_CYCLE = gettext_lazy(
    "Someone else saved the reporting periods after you opened the page. Your changes were "
    "not saved: they are kept in the form below; compare them with the saved periods and save "
    "again."
)

# A plan longer than this many years gets cycles for its first years only.
MAX_YEARS = 10


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this with the report."))


# --- the regime ------------------------------------------------------------------------


def plan_texts(plan: Plan) -> list[str]:
    """The paragraphs of the plan's document, as its extraction kept them.

    Never the file read again: publishing runs in a request, and a scan would be
    read through OCR a second time. A plan written by hand, or extracted before the
    text was kept, has none: the default regime applies.
    """
    return plan.document_text.splitlines()


def plan_years(plan: Plan) -> list[int]:
    """The calendar years the plan runs (its period; else the year it was signed; else now)."""
    start = plan.period_start or plan.signed or today()
    end = plan.period_end or start
    last = max(start.year, min(end.year, start.year + MAX_YEARS - 1))
    return list(range(start.year, last + 1))


def data_end(period: regime_text.ReportPeriod) -> datetime.date:
    """The data cut-off: the day before the due day, or the period's end if earlier.

    With the default due day (the 15th of the last month) this is the 14th, the
    cut-off of Nghị định 09/2019/NĐ-CP for periodic reports; a report due
    before its period ends (quý I due 05/3) holds the data up to the day before.
    """
    return max(period.start, min(period.end, period.due - datetime.timedelta(days=1)))


@transaction.atomic
def build_regime(plan: Plan, user=None) -> ReportingRegime:
    """Read the plan's regime from its text and create its cycles (replacing none)."""
    years = plan_years(plan)
    read = regime_text.read_reporting_regime(plan_texts(plan), years[0])
    regime = ReportingRegime(
        plan=plan, source_text=read.source_text or "", is_default=read.is_default
    )
    regime._history_user = user
    regime.save()
    for period in regime_text.cycles(read, years):
        cycle = ReportCycle(
            plan=plan,
            kind=period.kind,
            label=period.label_vi,
            data_start=period.start,
            data_end=data_end(period),
            due=period.due,
            due_from_text=period.due_from_text,
        )
        cycle._history_user = user
        cycle.save()
    return regime


def ensure_regime(plan: Plan, user=None) -> ReportingRegime:
    """The plan's regime, read from its text the first time it is needed."""
    found = ReportingRegime.objects.filter(plan=plan).first()
    if found is not None:
        return found
    try:
        return build_regime(plan, user)
    except IntegrityError:  # built meanwhile by a concurrent request
        return ReportingRegime.objects.get(plan=plan)


@transaction.atomic
def reread_regime(plan: Plan, user) -> ReportingRegime:
    """Read the regime again from the plan's text; only while no report has been started."""
    _require(user, "reporting.change_regime", plan)
    if AgencyReport.objects.filter(cycle__plan=plan).exists():
        raise ValidationError(
            _(
                "Agencies have already drafted reports for the current periods: edit each period "
                "instead of reading them again."
            )
        )
    plan.report_cycles.all().delete()
    ReportingRegime.objects.filter(plan=plan).delete()
    return build_regime(plan, user)


def save_cycle(cycle: ReportCycle, user) -> ReportCycle:
    """Save a cycle edited (or added) by the reform office."""
    _require(user, "reporting.change_regime", cycle.plan)
    if cycle.data_start > cycle.data_end:
        raise ValidationError(_("The data start date must be before the data cut-off date."))
    if cycle.pk and cycle.reports.filter(status=Status.ACCEPTED).exists():
        old = ReportCycle.objects.get(pk=cycle.pk)
        if (old.data_start, old.data_end) != (cycle.data_start, cycle.data_end):
            raise ValidationError(
                _(
                    "Period %(period)s already has an accepted report: its data range cannot be "
                    "changed."
                )
                % {"period": old.label}
            )
    if cycle.pk:
        claim_version(cycle, cycle.version, STALE_CYCLE)
    cycle._history_user = user
    cycle.save()
    return cycle


def delete_cycle(cycle: ReportCycle, user) -> None:
    _require(user, "reporting.change_regime", cycle.plan)
    if cycle.reports.exists():
        raise ValidationError(
            _("Period %(period)s already has reports: it cannot be deleted.")
            % {"period": cycle.label}
        )
    cycle.delete()


# --- the agency report -----------------------------------------------------------------


def _locked(report: AgencyReport) -> AgencyReport:
    """The saved report, locked for this transaction (or the unsaved draft)."""
    if report.pk is None:
        return report
    return AgencyReport.objects.select_for_update().select_related("cycle__plan").get(pk=report.pk)


def _save(report: AgencyReport, user, reason: str = "") -> None:
    report._history_user = user
    if reason:
        report._change_reason = reason[:100]
    report.save()


@transaction.atomic
def save_report(
    report: AgencyReport,
    user,
    *,
    results: dict[str, str],
    shortcomings: str,
    causes: str,
    proposals: str,
    values: dict[int, tuple[Decimal | None, str]] | None = None,
    expected_version: int | None = None,
) -> AgencyReport:
    """Save the draft (a new report is created on its first save).

    ``expected_version``: the report's ``version`` when the form was opened (0 for
    a report not saved yet). When given, a save by someone else since then
    refuses this one with StaleVersion, in Vietnamese.

    ``results`` maps reform areas to "kết quả đạt được" texts; ``values`` maps
    a plan target's id to the (value, note) the agency reports.
    """
    _require(user, "reporting.edit_report", report)
    report = _locked(report)
    if not report.editable:
        raise ValidationError(_("The report has been sent or accepted: it cannot be edited."))
    if report.pk is not None:  # without an expected version: no check, the version is bumped
        claim_version(
            report, report.version if expected_version is None else expected_version, STALE_REPORT
        )
    elif expected_version not in (None, 0):
        raise StaleVersion(STALE_REPORT)  # the form was of a saved report: it is gone
    report.results = {area: text.strip() for area, text in results.items() if area in Area.values}
    report.shortcomings = shortcomings.strip()
    report.causes = causes.strip()
    report.proposals = proposals.strip()
    if report.pk is None:
        report.version = 1
        try:
            with transaction.atomic():  # a savepoint: another first save may win the race
                _save(report, user)
        except IntegrityError:
            raise StaleVersion(STALE_REPORT) from None
    else:
        _save(report, user)
    targets = set(report.cycle.plan.targets.values_list("pk", flat=True))
    for target_id, (value, note) in (values or {}).items():
        if target_id in targets:
            ReportTargetValue.objects.update_or_create(
                report=report, target_id=target_id, defaults={"value": value, "note": note.strip()}
            )
    return report


@transaction.atomic
def submit_report(report: AgencyReport, user) -> AgencyReport:
    """Send the report to the reform office: its task data are frozen, lateness is marked."""
    _require(user, "reporting.edit_report", report)
    report = _locked(report)
    if report.pk is None or not report.editable:
        raise ValidationError(_("Only a report being drafted or returned can be sent."))
    if not any(report.results.values()) or not report.shortcomings or not report.proposals:
        raise ValidationError(
            _(
                "The report is incomplete: fill in the results achieved (at least one area), the "
                "shortcomings and limitations, and the directions and proposals."
            )
        )
    now = timezone.now()
    if report.submitted_at is None:  # the first submission decides lateness
        report.late = timezone.localdate(now) > report.cycle.due
    report.submitted_at = now
    report.status = Status.SUBMITTED
    report.return_reason = ""
    report.snapshot = [row.as_json() for row in selectors.agency_rows(report.cycle, report.agency)]
    _save(report, user)
    return report


@transaction.atomic
def return_report(report: AgencyReport, user, reason: str) -> AgencyReport:
    """Send a submitted report back to its agency for correction, with the reason."""
    _require(user, "reporting.review_report", report)
    report = _locked(report)
    if report.status != Status.SUBMITTED:
        raise ValidationError(_("Only a sent report can be returned."))
    if not reason.strip():
        raise ValidationError(
            _("Give the reason for returning so that the agency can revise the report.")
        )
    report.status = Status.RETURNED
    report.return_reason = reason.strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    _save(report, user, reason.strip())
    return report


@transaction.atomic
def accept_report(report: AgencyReport, user) -> AgencyReport:
    """Accept a submitted report: from now on the cycle's data are locked for the agency."""
    _require(user, "reporting.review_report", report)
    report = _locked(report)
    if report.status != Status.SUBMITTED:
        raise ValidationError(_("Only a sent report can be accepted."))
    report.status = Status.ACCEPTED
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    _save(report, user)
    return report


# --- the consolidated report's number, recipients and signer ---------------------------

SIGNATURE_FIELDS = ("number", "recipients", "signer_for", "signer_title", "signer_name")


@transaction.atomic
def save_signature(cycle: ReportCycle, user, fields: dict) -> ConsolidatedReport:
    """Set what the province's report for ``cycle`` prints as number, recipients and
    signer (``fields``: those of ``SIGNATURE_FIELDS``; blank ones print the defaults)."""
    _require(user, "reporting.edit_consolidated", cycle.plan)
    found, _created = ConsolidatedReport.objects.select_for_update().get_or_create(cycle=cycle)
    for name in SIGNATURE_FIELDS:
        setattr(found, name, str(fields.get(name) or "").strip())
    found._history_user = user
    found.save()
    return found
