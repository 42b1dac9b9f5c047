"""Reads of plans: what a user may see, the review page's data."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.selectors import Matcher
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
    tasks__mentions__agency__isnull=True,
    tasks__mentions__group__isnull=True,
    tasks__mentions__ignored=False,
)


def with_counts(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Annotate ``task_count`` and ``unresolved_count`` (:func:`unlinked_names`'s count)."""
    return plans.annotate(
        task_count=Count("tasks", distinct=True),
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
    return plan.tasks.select_related("parent").prefetch_related(
        "deliverables",
        Prefetch("mentions", queryset=Mention.objects.select_related("agency", "group")),
    )


CONFIDENT_SCORE = 90


def mention_table(plan: Plan) -> list[dict]:
    """One row per distinct agency name in the plan: how often, its mapping, suggestions."""
    rows: dict[str, dict] = {}
    for mention in Mention.objects.filter(task__plan=plan).select_related("agency", "group"):
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
