"""Writes to plans: import (upload → extraction → draft), review edits, mapping, publishing.

Every path that creates a plan from a document ends in :func:`import_plan_json`,
which reads the extraction library's ``PlanDraft`` JSON (the gold format), so
an import from a file and an import of a JSON draft behave the same.
"""

from __future__ import annotations

import datetime
import logging
import threading
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.agencies.models import Agency, AgencyGroup, Kind
from cchc.agencies.selectors import Matcher, group_members, in_province
from cchc.agencies.services import save_agency
from cchc.extraction import UnreadableDocument, extract_layout
from cchc.extraction.fields.deadlines import parse_deadline
from cchc.extraction.readers import read as read_document
from cchc.plans.models import Area, Assignment, Deliverable, Mention, Plan, Target, Task

log = logging.getLogger(__name__)

DOCUMENT_TYPES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


class StaleVersion(ValidationError):
    """Somebody else saved the object after the form was opened."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else updated this task after you opened the page. Your changes were not "
                "saved: reload the page, look at the new content and enter them again."
            ),
            code="stale",
        )


def claim_version(task: Task, expected_version: int | str | None) -> None:
    """Bump ``task.version`` if it still is ``expected_version``; refuse otherwise.

    The check and the bump are one conditional UPDATE, so of two concurrent
    writers exactly one wins, on SQLite as on PostgreSQL. Call inside a transaction.
    """
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise StaleVersion from None
    if not Task.objects.filter(pk=task.pk, version=expected).update(version=expected + 1):
        raise StaleVersion
    task.version = expected + 1


# --- upload and extraction -----------------------------------------------------------


def validate_document(upload) -> None:
    """Refuse an upload that cannot be a plan document, before anything is stored."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            _("The format “%(suffix)s” is not supported. Accepted: %(types)s.")
            % {"suffix": suffix or "?", "types": ", ".join(DOCUMENT_TYPES)}
        )
    limit = settings.CCHC_MAX_DOCUMENT_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": upload.size / 1024 / 1024, "limit": settings.CCHC_MAX_DOCUMENT_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    is_zip = zipfile.is_zipfile(upload)
    upload.seek(0)
    if suffix == ".docx" and not is_zip:
        raise ValidationError(_("The .docx file is damaged or is not a Word document (.docx)."))
    if suffix == ".pdf" and not head.startswith(b"%PDF"):
        raise ValidationError(_("The .pdf file is damaged or is not a PDF document."))
    if suffix in (".txt", ".md", ".html", ".htm") and b"\x00" in head:
        raise ValidationError(
            _("The text file contains binary data: it may have the wrong extension.")
        )


def start_import(
    upload, province: Agency, user=None, year: int | None = None, background: bool | None = None
) -> Plan:
    """Store an uploaded document as a new draft plan, queued for extraction.

    The extraction (:func:`run_extraction`) runs outside the request, in a
    thread started once the plan is committed (``transaction.on_commit``),
    while the plan page shows its progress. ``background`` False (the demo
    command, and the test settings through ``CCHC_EXTRACT_IN_BACKGROUND``) runs
    it here instead, before returning. With ``CCHC_EXTRACT_BY_COMMAND`` the
    plan only waits in the queue for ``cchc manage extractpending`` (cron or a
    worker), which also takes over extractions a restart interrupted.
    """
    validate_document(upload)
    if background is None:
        background = settings.CCHC_EXTRACT_IN_BACKGROUND
    with transaction.atomic():
        plan = Plan(
            province=province,
            created_by=user,
            document_name=Path(upload.name).name[:255],
            extraction=Plan.Extraction.QUEUED,
            extraction_changed=timezone.now(),
            extraction_year=year,
        )
        plan.document.save(Path(upload.name).name, upload, save=False)
        plan.save()
        if background and not settings.CCHC_EXTRACT_BY_COMMAND:
            transaction.on_commit(lambda: _start_thread(plan.pk))
    if not background:
        run_pending(plan.pk)
        plan.refresh_from_db()
    return plan


def _start_thread(plan_pk: int) -> None:
    threading.Thread(
        target=_extract_in_thread, args=(plan_pk,), name=f"extract-plan-{plan_pk}", daemon=True
    ).start()


def _extract_in_thread(plan_pk: int) -> None:
    try:
        run_pending(plan_pk)
    finally:
        connections.close_all()  # this thread's own database connections


def pending_plans(stale_minutes: int | None = None):
    """Plans waiting for extraction: queued ones, and running ones silent for too long."""
    minutes = settings.CCHC_EXTRACT_STALE_MINUTES if stale_minutes is None else stale_minutes
    stale = timezone.now() - datetime.timedelta(minutes=minutes)
    return Plan.objects.filter(
        Q(extraction=Plan.Extraction.QUEUED)
        | Q(extraction=Plan.Extraction.RUNNING, extraction_changed__lt=stale)
        | Q(extraction=Plan.Extraction.RUNNING, extraction_changed__isnull=True)
    ).order_by("pk")


def run_pending(plan_pk: int, stale_minutes: int | None = None) -> Plan | None:
    """Claim a pending plan and extract it; None when it is not pending any more.

    The claim is one conditional UPDATE, so of a thread and a cron run (or two
    workers) exactly one extracts a plan.
    """
    claimed = (
        pending_plans(stale_minutes)
        .filter(pk=plan_pk)
        .update(
            extraction=Plan.Extraction.RUNNING,
            extraction_step=Plan.ExtractionStep.READING,
            extraction_error="",
            extraction_changed=timezone.now(),
        )
    )
    if not claimed:
        return None
    plan = Plan.objects.select_related("province").get(pk=plan_pk)
    run_extraction(plan)
    return plan


def _set_state(plan: Plan, **fields) -> None:
    """Record the extraction state on the plan, in memory and in the database at once."""
    fields["extraction_changed"] = timezone.now()
    for name, value in fields.items():
        setattr(plan, name, value)
    Plan.objects.filter(pk=plan.pk).update(**fields)


NOT_A_PLAN = gettext_lazy(
    "This document does not look like a plan: it assigns no tasks to agencies"
    " (a regulation, a decision publishing procedures or a report)."
)


def run_extraction(plan: Plan) -> None:
    """Extract ``plan.document`` into the draft, step by step; record failures on the plan.

    The states: queued → running (đang đọc tệp, page by page for a scan →
    đang nhận diện bảng và tách nhiệm vụ → đang lưu) → done, or failed with the
    reason in Vietnamese. Each page of a scan also tells ``extractpending`` that
    the extraction is alive.
    """
    Step = Plan.ExtractionStep
    try:
        _set_state(
            plan,
            extraction=Plan.Extraction.RUNNING,
            extraction_step=Step.READING,
            extraction_page=None,
            extraction_pages=None,
        )
        layout = read_document(
            plan.document.path,
            on_page=lambda page, pages: _set_state(
                plan, extraction_step=Step.OCR, extraction_page=page, extraction_pages=pages
            ),
        )
        _set_state(plan, extraction_step=Step.TABLES)
        draft = extract_layout(layout, year=plan.extraction_year)
        _set_state(plan, extraction_step=Step.SAVING)
        import_plan_json(draft.to_json(), plan.province, plan=plan)
    except UnreadableDocument as exc:
        _fail(plan, _("Cannot read the document: %(reason)s") % {"reason": exc.reason})
    except ValidationError as exc:
        _fail(
            plan,
            _("The extraction result is not valid: %(reason)s")
            % {"reason": "; ".join(exc.messages)},
        )
    except Exception:
        log.exception("extraction of plan %s failed", plan.pk)
        _fail(plan, _("Unexpected error during extraction. Please tell the system administrator."))
    else:
        # A regulation or a report assigns no work: say so instead of an empty draft.
        not_a_plan = getattr(draft, "is_plan", True) is False
        _set_state(
            plan,
            extraction=Plan.Extraction.DONE,
            extraction_step=Step.NONE,
            extraction_error=str(NOT_A_PLAN) if not_a_plan else "",
        )


def _fail(plan: Plan, message: str) -> None:
    _set_state(
        plan,
        extraction=Plan.Extraction.FAILED,
        extraction_step=Plan.ExtractionStep.NONE,
        extraction_error=message,
    )


# --- the PlanDraft JSON --------------------------------------------------------------


def _date(value, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("%(where)s: “%(value)s” is not a valid date (YYYY-MM-DD).")
            % {"where": where, "value": value}
        ) from None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


@transaction.atomic
def import_plan_json(data: dict, province: Agency, user=None, plan: Plan | None = None) -> Plan:
    """Create a draft plan (or fill ``plan``) from ``PlanDraft.to_json()`` data.

    Agency mentions that match one directory entry with certainty are mapped;
    the rest wait for the reviewer. All or nothing.
    """
    if not isinstance(data, dict) or not isinstance(data.get("tasks", []), list):
        raise ValidationError(_("The plan data is not in the expected format."))
    doc = data.get("document") or {}
    period = doc.get("period") or {}
    plan = plan or Plan(province=province, created_by=user)
    plan.kind = _text(doc.get("kind")) if doc.get("kind") in Plan.Kind.values else ""
    plan.issuer = _text(doc.get("issuer"))[:255]
    plan.number = _text(doc.get("number"))[:64]
    plan.title = _text(doc.get("title"))
    plan.signed = _date(doc.get("signed"), _("Date signed"))
    plan.period_start = _date(period.get("start"), _("Plan period"))
    plan.period_end = _date(period.get("end"), _("Plan period"))
    plan.save()
    plan.tasks.all().delete()
    plan.targets.all().delete()

    matcher = Matcher(province)
    by_ref: dict[str, Task] = {}
    for position, item in enumerate(data.get("tasks", [])):
        ref = _text(item.get("ref"))[:32]
        where = _("Task %(ref)s") % {"ref": ref or position + 1}
        if not _text(item.get("content")):
            raise ValidationError(_("%(where)s: content missing.") % {"where": where})
        task = Task.objects.create(
            plan=plan,
            position=position,
            ref=ref,
            parent=by_ref.get(_text(item.get("parent"))) if item.get("parent") else None,
            area=item.get("area") if item.get("area") in Area.values else "",
            content=_text(item.get("content")),
            source=item.get("source") or {},
            doubts=[str(d) for d in item.get("doubts") or []],
        )
        by_ref[ref] = task
        for index, deliverable in enumerate(item.get("deliverables") or []):
            deadline = deliverable.get("deadline") or {}
            kind = (
                deadline.get("kind")
                if deadline.get("kind") in Deliverable.DeadlineKind.values
                else "none"
            )
            Deliverable.objects.create(
                task=task,
                position=index,
                product=_text(deliverable.get("product")),
                deadline_raw=_text(deliverable.get("deadline_raw"))[:255],
                deadline_kind=kind,
                start=_date(deadline.get("start"), where),
                due=_date(deadline.get("due"), where),
                frequency=_text(deadline.get("frequency"))[:20],
            )
        for role in (Mention.Role.LEAD, Mention.Role.COOP):
            for index, name in enumerate(item.get(role) or []):
                mention = Mention(task=task, role=role, position=index, text=_text(name)[:255])
                found = matcher.auto(mention.text)
                if found:
                    mention.agency, mention.group = found.agency, found.group
                mention.save()
        refresh_due(task)
    for position, item in enumerate(data.get("targets") or []):
        try:
            value = Decimal(str(item["value"])) if item.get("value") is not None else None
        except (InvalidOperation, TypeError):
            value = None
        Target.objects.create(
            plan=plan,
            position=position,
            text=_text(item.get("text")),
            comparator=_text(item.get("comparator"))[:2],
            value=value,
            unit=_text(item.get("unit"))[:64],
            due=_date(item.get("due"), _("Indicator %(n)d") % {"n": position + 1}),
        )
    return plan


def refresh_due(task: Task) -> None:
    """Keep ``task.due`` = the latest due date among its deliverables."""
    dues = [d for d in task.deliverables.values_list("due", flat=True) if d]
    task.due = max(dues) if dues else None
    Task.objects.filter(pk=task.pk).update(due=task.due)


# --- review --------------------------------------------------------------------------


def _require_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise ValidationError(
            _("The plan has been issued: it cannot be edited in the review step.")
        )


@transaction.atomic
def save_plan(plan: Plan, fields: dict, user=None) -> Plan:
    """Create a draft plan by hand (``plan`` unsaved, with its province) or correct a draft's metadata.

    ``fields``: kind, issuer, number, signed, title, period_start, period_end.
    """
    if plan.pk is not None:
        _require_draft(plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        raise ValidationError(_("The end of the plan period must be after its start."))
    plan._history_user = user
    plan.save()
    return plan


@transaction.atomic
def save_task(
    task: Task,
    expected_version,
    fields: dict,
    deliverables: list[dict],
    lead: list[str],
    coop: list[str],
    user=None,
) -> Task:
    """Add a task to a draft plan (``task`` unsaved, with its plan) or save corrections to one.

    ``fields``: ref, parent, area, content. ``deliverables``: product and
    deadline_raw, with deadline_kind, start and due (a blank kind: read from
    deadline_raw like the extraction does). ``lead`` / ``coop``: the chosen
    directory units and groups (``a:<id>`` / ``g:<id>``).
    """
    plan = task.plan
    _require_draft(plan)
    parent = fields["parent"]
    if parent is not None and (parent.plan_id != plan.pk or _is_within(parent, task)):
        raise ValidationError(
            _("The parent task must be another task of the plan, not one under this task.")
        )
    if task.pk is None:
        task.position = _make_room_after(plan, parent)
    else:
        claim_version(task, expected_version)
    for name in ("ref", "parent", "area", "content"):
        setattr(task, name, fields[name])
    task._history_user = user
    task.save()
    task.deliverables.all().delete()
    for position, item in enumerate(deliverables):
        Deliverable.objects.create(task=task, position=position, **_with_deadline(item, plan))
    refresh_due(task)
    _set_mentions(task, Mention.Role.LEAD, lead)
    _set_mentions(task, Mention.Role.COOP, coop)
    return task


def _is_within(candidate: Task, task: Task) -> bool:
    """Whether ``candidate`` is ``task`` or one of its sub-tasks (at any depth)."""
    while candidate is not None and task.pk is not None:
        if candidate.pk == task.pk:
            return True
        candidate = candidate.parent
    return False


def _make_room_after(plan: Plan, parent: Task | None) -> int:
    """The position for a new task: after ``parent`` and its sub-tasks, or at the end."""
    rows = list(plan.tasks.values_list("pk", "parent_id", "position"))
    if parent is None:
        return max((position for *_ids, position in rows), default=-1) + 1
    subtree = {parent.pk}
    for pk, parent_id, _position in sorted(rows, key=lambda row: row[2]):
        if parent_id in subtree:
            subtree.add(pk)
    last = max(position for pk, _parent, position in rows if pk in subtree)
    plan.tasks.filter(position__gt=last).update(position=F("position") + 1)
    return last + 1


def _with_deadline(item: dict, plan: Plan) -> dict:
    """A deliverable's fields; without a kind, the deadline is parsed from its text."""
    if item.get("deadline_kind"):
        return item
    first = plan.period_start or plan.signed or timezone.localdate()
    deadline = parse_deadline(
        item.get("deadline_raw"), first.year, plan.period_end.year if plan.period_end else None
    )
    return {
        **item,
        "deadline_kind": deadline.kind,
        "start": deadline.start,
        "due": deadline.due,
        "frequency": deadline.frequency or "",
    }


def _set_mentions(task: Task, role: str, choices: list[str]) -> None:
    """Make the task's mapped mentions of ``role`` the chosen units and groups.

    A kept mapping keeps the name the document printed; a new one is named after
    the unit. Unmapped and ignored names stay for the mapping page.
    """
    wanted = [resolve_choice(task.plan, choice) for choice in choices]
    mentions = task.mentions.filter(role=role)
    kept = set()
    for mention in mentions.exclude(agency=None, group=None):
        key = (mention.agency, mention.group)
        if key in wanted and key not in kept:
            kept.add(key)
        else:
            mention.delete()
    position = (mentions.aggregate(last=Max("position"))["last"] or 0) + 1
    for agency, group in wanted:
        if (agency, group) in kept:
            continue
        kept.add((agency, group))
        name = (agency or group).name[:255]
        Mention.objects.create(
            task=task, role=role, position=position, text=name, agency=agency, group=group
        )
        position += 1


@transaction.atomic
def delete_task(task: Task, user=None) -> None:
    """Delete a task of a draft plan, with its sub-tasks."""
    _require_draft(task.plan)
    task._history_user = user
    task.delete()


def resolve_choice(plan: Plan, choice: str) -> tuple[Agency | None, AgencyGroup | None]:
    """Turn a form choice ``a:<id>`` / ``g:<id>`` into an active unit of the plan's province or a group."""
    kind, _sep, pk = choice.partition(":")
    if kind == "a" and pk.isdigit():
        agency = in_province(plan.province).filter(pk=pk, active=True).first()
        if agency is None:
            raise ValidationError(
                _(
                    "The chosen unit is no longer in the directory (deleted or inactive). Choose "
                    "again."
                )
            )
        return agency, None
    if kind == "g" and pk.isdigit():
        group = AgencyGroup.objects.filter(pk=pk).first()
        if group is None:
            raise ValidationError(
                _("The chosen agency group is no longer in the directory. Choose again.")
            )
        return None, group
    raise ValidationError(_("Invalid choice."))


@transaction.atomic
def map_mentions(plan: Plan, text: str, choice: str, new_kind: str = Kind.OTHER) -> int:
    """Map every mention of ``text`` in a draft plan; returns how many were mapped.

    ``choice``: ``a:<id>`` a unit, ``g:<id>`` a group, ``ignore`` (names no unit),
    ``new`` (create a unit of ``new_kind`` named ``text`` under the province).
    """
    _require_draft(plan)
    mentions = Mention.objects.filter(task__plan=plan, text=text)
    if not mentions.exists():
        raise ValidationError(_("The plan has no agency name “%(text)s”.") % {"text": text})
    agency = group = None
    if choice == "new":
        agency = _new_agency(plan.province, text, new_kind)
    elif choice != "ignore":
        agency, group = resolve_choice(plan, choice)
    return mentions.update(agency=agency, group=group, ignored=choice == "ignore")


def _new_agency(province: Agency, name: str, kind: str) -> Agency:
    base = f"{province.code}-moi-{Agency.objects.filter(province=province).count() + 1}"
    code, n = base, 1
    while Agency.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return save_agency(Agency(code=code, name=name, kind=kind, parent=province))


def unresolved_mentions(plan: Plan):
    return Mention.objects.filter(
        task__plan=plan, agency__isnull=True, group__isnull=True, ignored=False
    )


@transaction.atomic
def publish_plan(plan: Plan, user=None) -> Plan:
    """Publish a reviewed draft: every mention becomes assignments. All or nothing."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    open_texts = sorted(set(unresolved_mentions(plan).values_list("text", flat=True)))
    if open_texts:
        raise ValidationError(
            _(
                "Cannot issue yet: %(count)d agency names are not linked to the directory "
                "(%(names)s). Choose a unit, create a new unit or mark “not a unit” for each "
                "name."
            )
            % {
                "count": len(open_texts),
                "names": "; ".join(open_texts[:5]) + ("…" if len(open_texts) > 5 else ""),
            }
        )
    day = plan.period_start
    members_of: dict[int, list[int]] = {}
    inactive = set()
    for task in plan.tasks.prefetch_related("mentions__agency"):
        roles: dict[int, str] = {}
        for mention in task.mentions.all():
            if mention.agency_id:
                if not mention.agency.active:
                    inactive.add(mention.agency.name)
                ids = [mention.agency_id]
            elif mention.group_id:
                if mention.group_id not in members_of:
                    members_of[mention.group_id] = list(
                        group_members(mention.group, plan.province, day).values_list(
                            "pk", flat=True
                        )
                    )
                ids = members_of[mention.group_id]
            else:
                continue
            for agency_id in ids:
                if roles.get(agency_id) != Mention.Role.LEAD:
                    roles[agency_id] = mention.role
        Assignment.objects.bulk_create(
            Assignment(task=task, plan=plan, agency_id=agency_id, role=role)
            for agency_id, role in roles.items()
        )
    if inactive:
        raise ValidationError(
            _(
                "Cannot issue yet: the following units are inactive: %(names)s. Link the agency "
                "names again."
            )
            % {"names": "; ".join(sorted(inactive))}
        )
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan._history_user = user
    plan.save()
    return plan
