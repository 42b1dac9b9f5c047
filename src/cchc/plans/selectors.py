"""Reads of plans: what a user may see, the review page's data."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When
from rapidfuzz import fuzz

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.selectors import Matcher, group_members, in_province, normalize
from cchc.plans.models import Mention, Plan, Task


def visible_plans(user) -> QuerySet[Plan]:
    """The plans ``user`` may read (the same rule as ``plans.view_plan``)."""
    role = accounts.role(user)
    if role == Role.ADMIN:
        return Plan.objects.all()
    province = accounts.province(user)
    if province is None:
        return Plan.objects.none()
    plans = Plan.objects.filter(province=province)
    return plans if role == Role.REFORM_OFFICE else plans.filter(status=Plan.Status.PUBLISHED)


def visible_tasks(user) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=visible_plans(user))


# "Tên cơ quan chưa gắn": the distinct agency names as printed (``Mention.text``) that
# some mention of the plan still leaves unlinked (no unit, no group, not ignored) —
# what the mapping page lists one row each and what publishing refuses. One meaning
# for the plan list, the plan page and the demo's summary.
_UNLINKED = Q(
    tasks__deleted_at__isnull=True,
    tasks__mentions__agency__isnull=True,
    tasks__mentions__group__isnull=True,
    tasks__mentions__ignored=False,
)


def with_counts(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Annotate ``task_count`` and ``unresolved_count`` (:func:`unlinked_names`'s count)."""
    return plans.annotate(
        task_count=Count("tasks", filter=Q(tasks__deleted_at__isnull=True), distinct=True),
        unresolved_count=Count("tasks__mentions__text", filter=_UNLINKED, distinct=True),
    )


def unlinked_names(plan: Plan) -> int:
    """How many distinct agency names of ``plan`` are not linked to the directory yet."""
    return (
        with_counts(Plan.objects.filter(pk=plan.pk))
        .values_list("unresolved_count", flat=True)
        .get()
    )


def review_tasks(plan: Plan) -> QuerySet[Task]:
    """A plan's tasks as the review page lists them: each task's lead agencies first."""
    lead_first = Case(When(role=Mention.Role.LEAD, then=0), default=1)
    mentions = Mention.objects.select_related("agency", "group").order_by(lead_first, "position")
    return plan.tasks.select_related("parent").prefetch_related(
        "deliverables", Prefetch("mentions", queryset=mentions)
    )


CONFIDENT_SCORE = 90


def mention_table(plan: Plan) -> list[dict]:
    """One row per distinct agency name in the plan: how often, its mapping, suggestions."""
    rows: dict[str, dict] = {}
    mentions = Mention.objects.filter(task__plan=plan, task__deleted_at__isnull=True)
    for mention in mentions.select_related("agency", "group"):
        row = rows.setdefault(mention.text, {"text": mention.text, "count": 0, "mention": mention})
        row["count"] += 1
    matcher = Matcher(plan.province)
    out = sorted(rows.values(), key=lambda r: (r["mention"].resolved, r["text"]))
    for row in out:
        row["suggestions"] = matcher.suggest(row["text"])
        row["current"] = _mapping_value(row["mention"])
        # Pre-select the best suggestion only when it is close; a weak one must be
        # chosen on purpose, so that one careless "Lưu" does not map a name wrongly.
        confident = row["suggestions"] and row["suggestions"][0].score >= CONFIDENT_SCORE
        row["preselected"] = row["current"] or (row["suggestions"][0].value if confident else "")
    return out


def _mapping_value(mention: Mention) -> str:
    """The mapping form's value for what a mention is mapped to now ("" if nothing)."""
    if mention.agency_id:
        return f"a:{mention.agency_id}"
    if mention.group_id:
        return f"g:{mention.group_id}"
    return "ignore" if mention.ignored else ""


# --- review filters --------------------------------------------------------------------

REVIEW_FILTERS = ("doubts", "unmapped")


def filter_review(tasks: QuerySet[Task], only: str) -> QuerySet[Task]:
    """The review table narrowed: ``doubts`` tasks with points to review, ``unmapped``
    tasks naming an agency not yet linked; anything else leaves it whole."""
    if only == "doubts":
        return tasks.exclude(doubts=[])
    if only == "unmapped":
        open_mention = Mention.objects.filter(
            task=OuterRef("pk"), agency__isnull=True, group__isnull=True, ignored=False
        )
        return tasks.filter(Exists(open_mention))
    return tasks


def deleted_tasks(plan: Plan) -> QuerySet[Task]:
    """Tasks deleted in review that can still be restored (the roots of what was deleted)."""
    deleted = Task.all_objects.filter(plan=plan, deleted_at__isnull=False)
    return deleted.exclude(
        Exists(Task.all_objects.filter(pk=OuterRef("parent_id"), deleted_at=OuterRef("deleted_at")))
    )


def subtask_count(task: Task) -> int:
    """How many sub-tasks (at any depth) go with ``task``."""
    count, level = 0, [task.pk]
    while level:
        level = list(Task.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        count += len(level)
    return count


def publish_preview(plan: Plan) -> dict:
    """What issuing would do: tasks assigned and agencies that receive them."""
    agencies: set[int] = set()
    members_of: dict[int, set[int]] = {}
    for mention in Mention.objects.filter(task__plan=plan, task__deleted_at__isnull=True):
        if mention.agency_id:
            agencies.add(mention.agency_id)
        elif mention.group_id:
            if mention.group_id not in members_of:
                members_of[mention.group_id] = set(
                    group_members(mention.group, plan.province, plan.period_start).values_list(
                        "pk", flat=True
                    )
                )
            agencies |= members_of[mention.group_id]
    unresolved = (
        Mention.objects.filter(
            task__plan=plan,
            task__deleted_at__isnull=True,
            agency__isnull=True,
            group__isnull=True,
            ignored=False,
        )
        .values("text")
        .distinct()
        .count()
    )
    return {"tasks": plan.tasks.count(), "agencies": len(agencies), "unresolved": unresolved}


# --- the directory search of the mapping page ----------------------------------------


def search_directory(province: Agency, query: str, limit: int = 20) -> list[dict]:
    """Any active unit of the province or any group whose name, short name or other
    names contain every word of ``query`` (accents and case ignored), best first; close
    spellings too when nothing contains them."""
    words = _plain(normalize(query)).split()
    if not words:
        return []
    found = []
    units = in_province(province).filter(active=True)
    for entry, value in [(u, f"a:{u.pk}") for u in units] + [
        (g, f"g:{g.pk}") for g in AgencyGroup.objects.all()
    ]:
        labels = [entry.name, getattr(entry, "short_name", ""), *entry.alias_list()]
        keys = [_plain(normalize(label)) for label in labels if label]
        if any(all(re.search(rf"\b{re.escape(w)}", key) for w in words) for key in keys):
            score = 100
        else:
            score = max(fuzz.token_set_ratio(" ".join(words), key) for key in keys)
            if score < 80:
                continue
        found.append(
            {
                "value": value,
                "label": entry.name,
                "group": isinstance(entry, AgencyGroup),
                "score": score,
            }
        )
    found.sort(key=lambda item: (-item["score"], item["group"], item["label"]))
    return found[:limit]


def _plain(text: str) -> str:
    """Without Vietnamese accents (đ → d): a search typed without them still finds."""
    text = text.replace("đ", "d")
    return "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )


# --- province check of an upload -------------------------------------------------------

_PLACE = re.compile(r"\b(?:tỉnh|thành phố|tp)\s+(.+)$")


def _place(name: str) -> str:
    match = _PLACE.search(normalize(name))
    return _plain(match.group(1)) if match else ""


def issuer_mismatch(plan: Plan) -> str:
    """The province the document's issuer names when it is not the plan's province ("" if
    it is, or if the issuer names none): said before anything is issued."""
    issuer_place = _place(plan.issuer)
    if not issuer_place:
        return ""
    province = plan.province
    places = {
        _place(label) for label in [province.name, province.short_name, *province.alias_list()]
    }
    places.discard("")
    if not places or any(fuzz.ratio(issuer_place, place) >= 85 for place in places):
        return ""
    return plan.issuer


# --- the source view ---------------------------------------------------------------------


def source_anchor(source: dict) -> str:
    """The id of a place in the source view: ``t1-r3`` a table's row, ``p2-l14`` a line."""
    if not source:
        return ""
    if source.get("table") is not None and source.get("row") is not None:
        return f"t{source['table']}-r{source['row']}"
    if source.get("table") is not None:
        return f"t{source['table']}"
    if source.get("line") is not None:
        return f"p{source.get('page') or 0}-l{source['line']}"
    if source.get("page") is not None:
        return f"p{source['page']}"
    return ""
