"""Writes to a task's timeline: progress, contributions, completion, halting.

Every change of a task's tracking fields goes through :func:`post_update`,
which checks the permission (again, whatever the caller checked), the version
the user saw, and the evidence files, then writes the update, the files and
the task in one transaction. The task's history (django-simple-history)
records who changed what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts import selectors as accounts
from cchc.plans.models import Assignment, Task
from cchc.plans.selectors import visible_tasks
from cchc.plans.services import StaleVersion, claim_version
from cchc.reporting import locks
from cchc.tracking import periods, spreadsheets
from cchc.tracking.models import Evidence, TaskUpdate
from cchc.tracking.selectors import today, with_progress

EVIDENCE_TYPES = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
)
Action = TaskUpdate.Action


def validate_evidence(upload) -> None:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            _("File “%(name)s”: format not accepted. Accepted: %(types)s.")
            % {"name": upload.name, "types": ", ".join(EVIDENCE_TYPES)}
        )
    if upload.size > settings.CCHC_MAX_EVIDENCE_MB * 1024 * 1024:
        raise ValidationError(
            _("File “%(name)s” is too large; the limit is %(limit)d MB.")
            % {"name": upload.name, "limit": settings.CCHC_MAX_EVIDENCE_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("File “%(name)s” is empty.") % {"name": upload.name})


def validate_note(note: str) -> None:
    """An update's content: a few thousand characters, not a document pasted in."""
    if len(note) > settings.CCHC_MAX_NOTE_CHARS:
        raise ValidationError(
            _(
                "The content is too long (%(length)d characters); the limit is %(limit)d. "
                "Attach longer texts as an evidence file."
            )
            % {"length": len(note), "limit": settings.CCHC_MAX_NOTE_CHARS}
        )


def validate_files_total(files) -> None:
    """The evidence files of one update together: at most ``CCHC_MAX_UPDATE_MB``."""
    total = sum(upload.size for upload in files)
    if total > settings.CCHC_MAX_UPDATE_MB * 1024 * 1024:
        raise ValidationError(
            _(
                "The evidence files of one update total %(size).1f MB; the limit is "
                "%(limit)d MB. Send the others in another update."
            )
            % {"size": total / 1024 / 1024, "limit": settings.CCHC_MAX_UPDATE_MB}
        )


def post_update(
    task: Task,
    user,
    *,
    expected_version,
    action: str,
    note: str = "",
    progress: Decimal | None = None,
    completed_on: datetime.date | None = None,
    files=(),
    period: datetime.date | None = None,
    evidence_text: str = "",
) -> TaskUpdate:
    """Add an update to ``task``'s timeline and apply it to the task.

    A recurring task (``cchc.tracking.periods``) is reported per period: the
    update belongs to ``period`` (the first day of one of the task's periods;
    by default the current one). Its progress becomes the task's only when no
    later period was reported yet, and "done" completes the whole task only
    for the last period; for an earlier one it completes that period.
    """
    if action not in Action.values:
        raise ValidationError(_("Invalid update kind."))
    # Any assigned agency may contribute; progress, completion and halting belong to the lead.
    needs = "tracking.contribute_task" if action == Action.CONTRIBUTION else "tracking.lead_task"
    if not user.has_perm(needs, task):
        raise PermissionDenied(_("You are not allowed to do this with the task."))
    if progress is not None and not Decimal(0) <= progress <= Decimal(100):
        raise ValidationError(_("Progress must be between 0 and 100%."))
    if action == Action.HALT and not note.strip():
        raise ValidationError(_("Give the reason for halting / not carrying out."))
    # A parent's progress is its sub-tasks' roll-up; setting it by hand is an override.
    overrides = progress is not None and action in (Action.PROGRESS, Action.REOPEN)
    overrides = overrides and task.children.exists()
    if overrides and not note.strip():
        raise ValidationError(
            _(
                "This task has subtasks, so its progress is calculated from them. To override "
                "it, give the reason in the content field."
            )
        )
    if action == Action.DONE:
        completed_on = completed_on or today()
        if completed_on > today():
            raise ValidationError(_("The completion date cannot be after today."))
    validate_note(note)
    for upload in files:
        validate_evidence(upload)
    validate_files_total(files)
    task_periods = periods.task_periods(task)
    if not task_periods and period is not None:
        raise ValidationError(_("This task is not reported by period."))
    if task_periods:
        period = period or periods.current_period(task_periods).start
        if period not in {p.start for p in task_periods}:
            raise ValidationError(_("The reporting period is not one of the task's periods."))
    # A period whose report was accepted is closed (cchc.reporting): nothing dated in it.
    locks.refuse_if_locked(
        task, completed_on if action == Action.DONE else today(), accounts.agency(user)
    )

    with transaction.atomic():
        claim_version(task, expected_version)
        task.refresh_from_db(fields=["progress", "completed_on", "halted_reason"])
        # Recurring: the task shows the latest reported period's figure.
        latest = period is None or not (
            task.updates.filter(period__gt=period).exclude(action=Action.CONTRIBUTION).exists()
        )
        final = period is None or period == task_periods[-1].start
        if action == Action.DONE and final:
            task.completed_on, task.progress, task.halted_reason = completed_on, Decimal(100), ""
        elif action == Action.DONE and latest:
            task.progress = Decimal(100)  # this period is done; the task goes on
        elif action == Action.HALT:
            task.halted_reason = note.strip()
        elif action == Action.REOPEN:
            task.completed_on, task.halted_reason = None, ""
        if progress is not None and action in (Action.PROGRESS, Action.REOPEN) and latest:
            task.progress = progress
            if overrides:
                task.progress_override = note.strip()
        if action == Action.CONTRIBUTION:
            shown = progress
        elif period is not None and action == Action.DONE:
            shown = Decimal(100)
        elif period is not None:
            shown = progress  # the period's own figure, whatever the task shows
        else:
            shown = task.progress
        task._history_user = user
        task.save()
        update = TaskUpdate.objects.create(
            task=task,
            author=user,
            agency=accounts.agency(user),
            action=action,
            note=note.strip(),
            evidence_text=evidence_text.strip(),
            progress=shown,
            period=period,
        )
        for upload in files:
            Evidence.objects.create(
                update=update,
                file=upload,
                original_name=Path(upload.name).name[:255],
                size=upload.size,
            )
    return update


# --- many updates at once: an uploaded task list ----------------------------------------


@dataclass
class RowResult:
    """What one row of an uploaded task list changes, or why it cannot."""

    number: int
    task: Task | None
    changes: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, reason)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    @property
    def changed(self) -> list[RowResult]:
        return [row for row in self.rows if row.changes and not row.errors]

    @property
    def failed(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]


class RowRefused(Exception):
    """A row asks for something it cannot have: (column header, reason)."""

    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column, self.reason = column, reason


def _completion_day(row: spreadsheets.SheetRow, task: Task) -> datetime.date:
    """The completion date a row gives, or its default: today, unless the deadline has
    passed (then today would record a late completion nobody stated: the date is asked)."""
    if row.completed_on is not None:
        return row.completed_on
    day = today()
    if task.due is not None and task.due < day:
        raise RowRefused(
            spreadsheets.COMPLETED.header,
            _(
                "give the day the task was completed: its deadline %(due)s has passed, so "
                "today's date would record it as completed late."
            )
            % {"due": task.due.strftime("%d/%m/%Y")},
        )
    return day


def _row_update(row: spreadsheets.SheetRow, task: Task, user) -> dict | None:
    """The :func:`post_update` arguments a row asks for; None when it changes nothing.

    A status word wins (its note is the reason); a completion date on a task not
    completed on that day completes it; else a changed progress figure; else a
    note or an evidence link alone is a progress note from the lead, a
    contribution from a cooperating agency. Raises :class:`RowRefused`.
    """
    extra = {"note": row.note, "evidence_text": row.evidence}
    completes = row.action == Action.DONE or (
        not row.action and row.completed_on is not None and row.completed_on != task.completed_on
    )
    if completes:
        day = _completion_day(row, task)
        if day == task.completed_on and not (row.note or row.evidence):
            return None  # completed on that day already: the file says nothing new
        return {"action": Action.DONE, "completed_on": day, **extra}
    if row.action:
        return {"action": row.action, **extra}
    if row.progress is not None and row.progress != spreadsheets.percent(task.shown_progress):
        return {"action": Action.PROGRESS, "progress": row.progress, **extra}
    if row.note or row.evidence:
        lead = user.has_perm("tracking.lead_task", task)
        return {"action": Action.PROGRESS if lead else Action.CONTRIBUTION, **extra}
    return None


def _describe(update: dict, task: Task) -> list[str]:
    if update.get("progress") is not None:
        change = _("Progress: %(old)s%% → %(new)s%%") % {
            "old": spreadsheets.percent_text(task.shown_progress),
            "new": spreadsheets.percent_text(update["progress"]),
        }
    elif update.get("completed_on") is not None:
        change = _("Completed on %(date)s") % {"date": update["completed_on"].strftime("%d/%m/%Y")}
    else:
        change = str(Action(update["action"]).label)
    texts = [update["note"]] if update["note"] else []
    if update.get("evidence_text"):
        texts.append(_("Evidence: %(text)s") % {"text": update["evidence_text"]})
    return [change, *texts]


def _error_column(update: dict, exc: Exception) -> str:
    if update.get("progress") is not None:
        return spreadsheets.PROGRESS.header
    if update["action"] == Action.DONE and isinstance(exc, ValidationError):
        return spreadsheets.COMPLETED.header  # the date: in the future, or in a closed period
    if update["action"] in (Action.DONE, Action.HALT):
        return spreadsheets.ACTION.header
    return spreadsheets.NOTE.header


def import_updates(user, data: bytes, *, dry_run: bool) -> ImportReport:
    """Apply a filled task list (``spreadsheets.TASK_LIST``) row by row.

    Each row may only touch a task assigned to the user's agency, and goes
    through :func:`post_update` with the version it was exported with: the same
    permission, value and concurrency checks as the single-task form, and the
    same timeline and history. A refused row is reported (row number, column,
    reason) and the others are applied, all in one transaction. ``dry_run``
    rolls that transaction back: the preview runs exactly the real checks.
    Raises ValidationError for a file that is not a task list.
    """
    rows = spreadsheets.read_updates(data)
    ids = {row.task_id for row in rows if row.task_id is not None}
    tasks = {task.pk: task for task in with_progress(visible_tasks(user).filter(pk__in=ids))}
    agency = accounts.agency(user)
    mine = set(
        Assignment.objects.filter(agency=agency, task_id__in=ids).values_list("task_id", flat=True)
    )
    report, seen = ImportReport(), set()
    id_header = spreadsheets.ID.header
    with transaction.atomic():
        for row in rows:
            task = tasks.get(row.task_id)
            result = RowResult(row.number, task, errors=list(row.errors))
            report.rows.append(result)
            if row.task_id is not None and task is None:
                result.errors.append(
                    (id_header, _("there is no task with code %(id)s.") % {"id": row.task_id})
                )
            elif task is not None and task.pk not in mine:
                result.errors.append(
                    (id_header, _("task of another agency: you may not update it."))
                )
            elif row.task_id in seen:
                result.errors.append((id_header, _("the task is already on a row above.")))
            seen.add(row.task_id)
            try:
                update = None if result.errors else _row_update(row, task, user)
            except RowRefused as refused:
                result.errors.append((refused.column, refused.reason))
                continue
            if update is None:
                continue
            result.changes = _describe(update, task)
            try:
                post_update(task, user, expected_version=row.version, **update)
            except StaleVersion:
                result.errors.append(
                    (
                        spreadsheets.VERSION.header,
                        _(
                            "the task was updated after you downloaded the file; this row was "
                            "not applied. Download the list again and re-import it."
                        ),
                    )
                )
            except (ValidationError, PermissionDenied) as exc:
                reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                result.errors.append((_error_column(update, exc), " ".join(reasons)))
        if dry_run:
            transaction.set_rollback(True)
    return report
