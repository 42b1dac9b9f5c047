"""Writes to plans: import (upload → extraction → draft), review edits, mapping, publishing.

Every path that creates a plan from a document ends in :func:`import_plan_json`,
which reads the extraction library's ``PlanDraft`` JSON (the gold format), so
an import from a file and an import of a JSON draft behave the same.

Every write takes the acting user and checks ``plans.change_plan`` (plans/rules.py)
on the plan here, so the pages, the API and commands pass the same rule; a command
or the extraction worker acts as ``cchc.accounts.predicates.SYSTEM``.
"""

from __future__ import annotations

import datetime
import logging
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.predicates import SYSTEM, recorded, require
from cchc.agencies.models import Agency, AgencyGroup, Kind
from cchc.agencies.selectors import Matcher, group_members, in_province
from cchc.agencies.services import save_agency
from cchc.extraction import UnreadableDocument, extract_layout
from cchc.extraction.fields.deadlines import parse_deadline
from cchc.extraction.layout import Layout, Paragraph
from cchc.extraction.readers import read as read_document
from cchc.plans.models import (
    Area,
    Assignment,
    Deliverable,
    Mention,
    NameMemory,
    Plan,
    PlanSource,
    Target,
    Task,
)

log = logging.getLogger(__name__)

DOCUMENT_TYPES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


class StaleVersion(ValidationError):
    """Somebody else saved the object after the form was opened."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Someone else updated this task after you opened the page. Your changes were not "
                "saved: reload the page, look at the new content and enter them again."
            ),
            code="stale",
        )


STALE_PLAN = gettext_lazy(
    "Someone else saved this plan's details after you opened the page. Your changes were not "
    "saved: they are kept in the form below; compare them with the saved details and save again."
)


STALE_TASK_FORM = gettext_lazy(
    "Someone else updated this task after you opened the page. Your changes were not saved: "
    "they are kept in the form below; compare them with the new content and save again."
)


def claim_version(obj, expected_version: int | str | None, message=None) -> None:
    """Bump ``obj.version`` if it still is ``expected_version``; refuse otherwise.

    ``obj``: any saved model with a ``version`` counter (a task, a plan, an agency
    report). The check and the bump are one conditional UPDATE, so of two
    concurrent writers exactly one wins, on SQLite as on PostgreSQL. Call inside
    a transaction. ``message``: the refusal's text (the task's by default).
    """
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise StaleVersion(message) from None
    manager = type(obj)._default_manager
    if not manager.filter(pk=obj.pk, version=expected).update(version=expected + 1):
        raise StaleVersion(message)
    obj.version = expected + 1


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


def start_import(upload, province: Agency, user, year: int | None = None) -> Plan:
    """Store an uploaded document as a new draft plan, queued for extraction.

    The extraction (:func:`run_extraction`) is a background job
    (``plans.tasks.extract_plan``) that a worker runs while the plan page shows
    its progress. The job is enqueued in the same transaction as the plan: with
    the database queue, it exists exactly when the plan does.
    """
    _require_change(user, Plan(province=province))
    from cchc.plans.tasks import extract_plan  # the tasks module imports this one

    validate_document(upload)
    with transaction.atomic():
        plan = Plan(
            province=province,
            created_by=recorded(user),
            document_name=Path(upload.name).name[:255],
            extraction=Plan.Extraction.QUEUED,
            extraction_changed=timezone.now(),
            extraction_year=year,
        )
        plan.document.save(Path(upload.name).name, upload, save=False)
        plan.save()
        extract_plan.enqueue(plan.pk)
    plan.refresh_from_db()
    return plan


def claim_extraction(plan_pk: int) -> Plan | None:
    """Take a plan waiting for extraction; None when it is not waiting any more.

    A plan left *running* is taken too: only its job runs it, and a job runs
    again only when the worker that ran it stopped (``cchc.jobs``).
    """
    claimed = Plan.objects.filter(
        pk=plan_pk, extraction__in=(Plan.Extraction.QUEUED, Plan.Extraction.RUNNING)
    ).update(
        extraction=Plan.Extraction.RUNNING,
        extraction_step=Plan.ExtractionStep.READING,
        extraction_error="",
        extraction_changed=timezone.now(),
    )
    if not claimed:
        return None
    return Plan.objects.select_related("province").get(pk=plan_pk)


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
    reason in Vietnamese. The document's paragraphs are kept on the plan
    (``document_text``): publishing reads its reporting regime from them without
    reading the file again (no second OCR of a scan).
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
        text = "\n".join(paragraph.text for paragraph in layout.paragraphs())
        store_layout(plan, layout)
        draft = extract_layout(layout, year=plan.extraction_year)
        _set_state(plan, extraction_step=Step.SAVING)
        with transaction.atomic():
            # The upload was authorised; the worker fills the plan it was given.
            import_plan_json(draft.to_json(), plan.province, SYSTEM, plan=plan)
            _set_state(plan, document_text=text)
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
def import_plan_json(data: dict, province: Agency, user, plan: Plan | None = None) -> Plan:
    """Create a draft plan (or fill ``plan``) from ``PlanDraft.to_json()`` data.

    Agency mentions that match one directory entry with certainty are mapped;
    the rest wait for the reviewer. All or nothing.
    """
    _require_change(user, plan or Plan(province=province))
    if not isinstance(data, dict) or not isinstance(data.get("tasks", []), list):
        raise ValidationError(_("The plan data is not in the expected format."))
    doc = data.get("document") or {}
    period = doc.get("period") or {}
    plan = plan or Plan(province=province, created_by=recorded(user))
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
    memory = name_memory(province)
    by_ref: dict[str, Task] = {}
    for position, item in enumerate(data.get("tasks", [])):
        ref = _text(item.get("ref"))[:32]
        where = _("Task %(ref)s") % {"ref": ref or position + 1}
        if not _text(item.get("content")):
            raise ValidationError(_("%(where)s: content missing.") % {"where": where})
        deliverables = []
        for index, deliverable in enumerate(item.get("deliverables") or []):
            deadline = deliverable.get("deadline") or {}
            kind = (
                deadline.get("kind")
                if deadline.get("kind") in Deliverable.DeadlineKind.values
                else "none"
            )
            deliverables.append(
                Deliverable(
                    position=index,
                    product=_text(deliverable.get("product")),
                    deadline_raw=_text(deliverable.get("deadline_raw"))[:255],
                    deadline_kind=kind,
                    start=_date(deadline.get("start"), where),
                    due=_date(deadline.get("due"), where),
                    frequency=_text(deadline.get("frequency"))[:20],
                )
            )
        # The deadline is set before the task is first saved: the task's first history
        # record (what reports read as of a cut-off) carries it.
        task = Task.objects.create(
            plan=plan,
            position=position,
            ref=ref,
            parent=by_ref.get(_text(item.get("parent"))) if item.get("parent") else None,
            area=item.get("area") if item.get("area") in Area.values else "",
            content=_text(item.get("content")),
            source=item.get("source") or {},
            doubts=[str(d) for d in item.get("doubts") or []],
            due=latest_due(d.due for d in deliverables),
        )
        by_ref[ref] = task
        for deliverable in deliverables:
            deliverable.task = task
        Deliverable.objects.bulk_create(deliverables)
        for role in (Mention.Role.LEAD, Mention.Role.COOP):
            for index, name in enumerate(item.get(role) or []):
                mention = Mention(task=task, role=role, position=index, text=_text(name)[:255])
                if not apply_memory(mention, memory):
                    found = matcher.auto(mention.text)
                    if found:
                        mention.agency, mention.group = found.agency, found.group
                mention.save()
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


def latest_due(dues) -> datetime.date | None:
    """A task's deadline: the latest due date among its deliverables' (None without any)."""
    dues = [d for d in dues if d]
    return max(dues) if dues else None


def refresh_due(task: Task, user=None) -> None:
    """Keep ``task.due`` = the latest due date among its deliverables.

    A change is saved through the task's history (a plain UPDATE would leave the
    history, which reports read as of a cut-off, without the deadline). Callers
    that know the deliverables before saving the task set ``due`` themselves
    (:func:`latest_due`), so that one history record carries everything.
    """
    due = latest_due(task.deliverables.values_list("due", flat=True))
    if due != task.due:
        task.due = due
        task._history_user = recorded(user)
        task.save(update_fields=["due"])


# --- review --------------------------------------------------------------------------


def _require_change(user, plan: Plan) -> None:
    """Refuse unless ``user`` may change ``plan`` (saved, or new with its province)."""
    require(
        user,
        "plans.change_plan",
        plan,
        _("Only the reform office of the plan's province can do this."),
    )


def _require_draft(plan: Plan) -> None:
    if not plan.is_draft:
        raise ValidationError(
            _("The plan has been issued: it cannot be edited in the review step.")
        )


@transaction.atomic
def save_plan(plan: Plan, fields: dict, user, expected_version=None) -> Plan:
    """Create a draft plan by hand (``plan`` unsaved, with its province) or correct a draft's metadata.

    ``fields``: kind, issuer, number, signed, title, period_start, period_end.
    ``expected_version``: the plan's ``version`` when the form was opened; a
    correction saved by someone else since then refuses this one (StaleVersion).
    None: no check (a caller that does not come from a form); the version is bumped.
    """
    if plan.pk is not None:
        _require_change(user, Plan.objects.get(pk=plan.pk))  # the stored plan's province
        _require_draft(plan)
        if expected_version is None:
            expected_version = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
        claim_version(plan, expected_version, STALE_PLAN)
    for name, value in fields.items():
        if name == "province" and plan.pk is not None:
            continue  # a plan stays in its province
        setattr(plan, name, value)
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        raise ValidationError(_("The end of the plan period must be after its start."))
    _require_change(user, plan)
    plan._history_user = recorded(user)
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
    user,
) -> Task:
    """Add a task to a draft plan (``task`` unsaved, with its plan) or save corrections to one.

    ``fields``: ref, parent, area, content. ``deliverables``: product and
    deadline_raw, with deadline_kind, start and due (a blank kind: read from
    deadline_raw like the extraction does). ``lead`` / ``coop``: the chosen
    directory units and groups (``a:<id>`` / ``g:<id>``).
    """
    plan = task.plan
    _require_change(user, plan)
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
    deliverables = [_with_deadline(item, plan) for item in deliverables]
    # Set before saving: the history record of this save carries the new deadline.
    task.due = latest_due(item.get("due") for item in deliverables)
    task._history_user = recorded(user)
    task.save()
    task.deliverables.all().delete()
    for position, item in enumerate(deliverables):
        Deliverable.objects.create(task=task, position=position, **item)
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
def delete_task(task: Task, user) -> None:
    """Delete a task of a draft plan, with its sub-tasks."""
    _require_change(user, task.plan)
    _require_draft(task.plan)
    task._history_user = recorded(user)
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
def map_mentions(plan: Plan, text: str, choice: str, new_kind: str = Kind.OTHER, *, user) -> int:
    """Map every mention of ``text`` in a draft plan; returns how many were mapped.

    ``choice``: ``a:<id>`` a unit, ``g:<id>`` a group, ``ignore`` (names no unit),
    ``new`` (create a unit of ``new_kind`` named ``text`` under the province).
    """
    _require_change(user, plan)
    _require_draft(plan)
    mentions = Mention.objects.filter(task__plan=plan, text=text)
    if not mentions.exists():
        raise ValidationError(_("The plan has no agency name “%(text)s”.") % {"text": text})
    agency = group = None
    if choice == "new":
        agency = _new_agency(plan.province, text, new_kind, user)
    elif choice != "ignore":
        agency, group = resolve_choice(plan, choice)
    return mentions.update(agency=agency, group=group, ignored=choice == "ignore")


def _new_agency(province: Agency, name: str, kind: str, user) -> Agency:
    base = f"{province.code}-moi-{Agency.objects.filter(province=province).count() + 1}"
    code, n = base, 1
    while Agency.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return save_agency(Agency(code=code, name=name, kind=kind, parent=province), user)


def unresolved_mentions(plan: Plan):
    return Mention.objects.filter(
        task__plan=plan,
        task__deleted_at__isnull=True,
        agency__isnull=True,
        group__isnull=True,
        ignored=False,
    )


def task_roles(
    task: Task, plan: Plan, members_of: dict[int, list[int]], inactive: set[str]
) -> dict[int, str]:
    """The agencies a task's mapped mentions assign (agency id → lead/coop; lead wins).

    Groups resolve to their members in the plan's province at the plan's start
    (cached in ``members_of``); inactive units named are added to ``inactive``.
    """
    roles: dict[int, str] = {}
    for mention in task.mentions.all():
        if mention.agency_id:
            if not mention.agency.active:
                inactive.add(mention.agency.name)
            ids = [mention.agency_id]
        elif mention.group_id:
            if mention.group_id not in members_of:
                members_of[mention.group_id] = list(
                    group_members(mention.group, plan.province, plan.period_start).values_list(
                        "pk", flat=True
                    )
                )
            ids = members_of[mention.group_id]
        else:
            continue
        for agency_id in ids:
            if roles.get(agency_id) != Mention.Role.LEAD:
                roles[agency_id] = mention.role
    return roles


@transaction.atomic
def publish_plan(plan: Plan, user) -> Plan:
    """Publish a reviewed draft: every mention becomes assignments. All or nothing."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_change(user, plan)
    _require_draft(plan)
    purge_deleted(plan)
    if not plan.tasks.exists():
        raise ValidationError(
            _("Cannot issue a plan without tasks: add its tasks first, or delete this draft.")
        )
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
    members_of: dict[int, list[int]] = {}
    inactive: set[str] = set()
    for task in plan.tasks.prefetch_related("mentions__agency"):
        roles = task_roles(task, plan, members_of, inactive)
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
    plan._history_user = recorded(user)
    plan.save()
    return plan


# --- the office's own writes: permission checked here, for every caller ---------------


# --- name memory: what the office mapped before --------------------------------------


def name_memory(province: Agency) -> dict[str, NameMemory]:
    """The province's remembered mappings by name, active units only."""
    return {
        memory.text: memory
        for memory in NameMemory.objects.filter(province=province).select_related("agency")
        if memory.agency_id is None or memory.agency.active
    }


def apply_memory(mention: Mention, memory: dict[str, NameMemory]) -> bool:
    """Map ``mention`` as the office mapped its name before; False when nothing is remembered."""
    found = memory.get(mention.text)
    if found is None:
        return False
    mention.agency_id, mention.group_id = found.agency_id, found.group_id
    mention.ignored, mention.remembered = found.ignored, True
    return True


def _remember(plan: Plan, text: str, user) -> None:
    mention = Mention.objects.filter(task__plan=plan, text=text).first()
    if mention is None or not mention.resolved:
        return
    NameMemory.objects.update_or_create(
        province=plan.province,
        text=text,
        defaults={
            "agency_id": mention.agency_id,
            "group_id": mention.group_id,
            "ignored": mention.ignored,
            "updated_by": user,
        },
    )


@transaction.atomic
def confirm_mappings(
    plan: Plan, choices: list[tuple[str, str]], user, new_kind: str = Kind.OTHER
) -> int:
    """Map many names of a draft at once (``(text, choice)`` pairs, see :func:`map_mentions`)
    and remember each mapping for the province's next imports. All or nothing; returns the
    number of mentions mapped."""
    _require_change(user, plan)
    if not choices:
        raise ValidationError(_("Select at least one name to link."))
    count = 0
    for text, choice in choices:
        if not choice:
            raise ValidationError(
                _("“%(text)s”: choose what the name is linked to.") % {"text": text}
            )
        count += map_mentions(plan, text, choice, new_kind, user=user)
        Mention.objects.filter(task__plan=plan, text=text).update(remembered=False)
        _remember(plan, text, user)
    return count


# --- source view --------------------------------------------------------------------


def layout_blocks(layout: Layout) -> list[dict]:
    """The layout as JSON: paragraphs and tables with their places (``Source.as_dict``)."""
    blocks = []
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            blocks.append({"text": block.text, "source": block.source.as_dict()})
        else:
            blocks.append(
                {
                    "source": block.source.as_dict(),
                    "rows": [
                        {"cells": list(row.cells), "source": row.source.as_dict()}
                        for row in block.rows
                    ],
                }
            )
    return blocks


def store_layout(plan: Plan, layout) -> None:
    """Keep what the reader read, for the source view (anything but a layout has none)."""
    if isinstance(layout, Layout):
        PlanSource.objects.update_or_create(plan=plan, defaults={"blocks": layout_blocks(layout)})


# --- deleting in review, undoable until publishing --------------------------------------


def _subtree(task: Task) -> list[Task]:
    """``task`` and its sub-tasks at any depth, deleted ones included."""
    rows = list(Task.all_objects.filter(plan_id=task.plan_id).order_by("position"))
    inside, out = {task.pk}, [task]
    for row in rows:
        if row.parent_id in inside and row.pk not in inside:
            inside.add(row.pk)
            out.append(row)
    return out


@transaction.atomic
def soft_delete_task(task: Task, user) -> int:
    """Delete a draft's task with its sub-tasks, undoably (:func:`restore_task`) until the
    plan is issued. Returns how many sub-tasks went with it."""
    _require_change(user, task.plan)
    _require_draft(task.plan)
    now = timezone.now()
    tree = [t for t in _subtree(task) if t.deleted_at is None]
    Task.all_objects.filter(pk__in=[t.pk for t in tree]).update(deleted_at=now)
    return len(tree) - 1


@transaction.atomic
def restore_task(task: Task, user) -> int:
    """Undo :func:`soft_delete_task`: the task and the sub-tasks deleted with it come back."""
    _require_change(user, task.plan)
    _require_draft(task.plan)
    if task.deleted_at is None:
        return 0
    if task.parent_id and Task.all_objects.filter(pk=task.parent_id, deleted_at__isnull=False):
        raise ValidationError(_("Restore the parent task first."))
    tree = [t for t in _subtree(task) if t.deleted_at == task.deleted_at]
    return Task.all_objects.filter(pk__in=[t.pk for t in tree]).update(deleted_at=None)


def purge_deleted(plan: Plan) -> None:
    """Delete for good the tasks deleted in review (on publishing)."""
    Task.all_objects.filter(plan=plan, deleted_at__isnull=False).delete()


# --- amending an issued plan ------------------------------------------------------------


def _require_published(plan: Plan) -> None:
    if plan.is_draft:
        raise ValidationError(_("The plan is still in review: edit it in the review step."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give the reason (for example the number of the amending decision).")
        )
    return reason[:100]


@transaction.atomic
def amend_plan(plan: Plan, fields: dict, reason: str, user, expected_version=None) -> Plan:
    """Correct an issued plan's details; the change and its reason stay in its history.

    ``expected_version`` as for :func:`save_plan`: an amendment saved by someone else
    since the form was opened refuses this one (StaleVersion)."""
    _require_change(user, plan)
    _require_published(plan)
    if expected_version is None:
        expected_version = Plan.objects.values_list("version", flat=True).get(pk=plan.pk)
    claim_version(plan, expected_version, STALE_PLAN)
    for name, value in fields.items():
        if name == "province":
            continue  # a plan stays in its province
        setattr(plan, name, value)
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        raise ValidationError(_("The end of the plan period must be after its start."))
    plan._history_user, plan._change_reason = user, _reason(reason)
    plan.save()
    return plan


@transaction.atomic
def amend_task(
    task: Task,
    expected_version,
    fields: dict,
    deliverables: list[dict],
    lead: list[str],
    coop: list[str],
    reason: str,
    user,
) -> Task:
    """Add a task to an issued plan (``task`` unsaved) or amend one of its tasks.

    As :func:`save_task`; then the task's assignments follow its agencies at once
    (the agencies see a new task in their lists). History keeps the reason.
    """
    plan = task.plan
    _require_change(user, plan)
    _require_published(plan)
    reason = _reason(reason)
    parent = fields["parent"]
    if parent is not None and (parent.plan_id != plan.pk or _is_within(parent, task)):
        raise ValidationError(
            _("The parent task must be another task of the plan, not one under this task.")
        )
    if not lead:
        raise ValidationError(_("Choose the lead agency of the task."))
    adding = task.pk is None
    if adding:
        task.position = _make_room_after(plan, parent)
    else:
        claim_version(task, expected_version)
    for name in ("ref", "parent", "area", "content"):
        setattr(task, name, fields[name])
    task._history_user, task._change_reason = user, reason
    task.save()
    task.deliverables.all().delete()
    for position, item in enumerate(deliverables):
        Deliverable.objects.create(task=task, position=position, **_with_deadline(item, plan))
    refresh_due(task)
    _set_mentions(task, Mention.Role.LEAD, lead)
    _set_mentions(task, Mention.Role.COOP, coop)
    inactive: set[str] = set()
    roles = task_roles(task, plan, {}, inactive)
    task.assignments.exclude(agency_id__in=roles).delete()
    for agency_id, role in roles.items():
        Assignment.objects.update_or_create(
            task=task, agency_id=agency_id, defaults={"role": role, "plan": plan}
        )
    what = _("%(reason)s: task %(ref)s added") if adding else _("%(reason)s: task %(ref)s amended")
    plan._history_user = user
    plan._change_reason = (what % {"reason": reason, "ref": task.ref or task.pk})[:100]
    plan.save()  # the plan's history shows the amendment too
    return task


@transaction.atomic
def unpublish_plan(plan: Plan, reason: str, user) -> Plan:
    """Take an issued plan back to review: its assignments end (they are made again on
    issuing); updates and evidence stay. The reason is kept in the plan's history."""
    _require_change(user, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_published(plan)
    reason = _reason(reason)
    Assignment.objects.filter(plan=plan).delete()
    plan.status = Plan.Status.DRAFT
    plan.published_at = None
    plan._history_user, plan._change_reason = user, reason
    plan.save()
    log.info("plan %s taken back to review by %s: %s", plan.pk, user, reason)
    return plan
