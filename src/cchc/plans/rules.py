"""Who may do what with plans and tasks (object-level, with ``rules``).

Read: the administrator everything; everyone else the plans of their province,
drafts only for the reform office. Write (import, review, publish): the reform
office of the plan's province. Contributing to a published task (note and
evidence): the reform office or a focal point of any assigned agency; its
progress, completion and halting: only the lead agency's focal point (or the
reform office).
"""

import rules

from cchc.accounts import selectors as accounts
from cchc.accounts.predicates import is_admin, is_reform_office


def _plan(obj):
    """The plan behind a plan, or behind anything that belongs to one (a task, a
    report cycle, or a report through its cycle)."""
    if obj.__class__.__name__ == "Plan":
        return obj
    return obj.plan if hasattr(obj, "plan") else obj.cycle.plan


@rules.predicate
def in_province(user, obj) -> bool:
    province = accounts.province(user)
    return province is not None and _plan(obj).province_id == province.pk


@rules.predicate
def is_published(user, obj) -> bool:
    return not _plan(obj).is_draft


def _roles(task, agency) -> set[str]:
    """The roles ``agency`` holds on ``task``: from the task's prefetched assignments
    when the page read them already (the task page lists them), else one query."""
    prefetched = getattr(task, "_prefetched_objects_cache", {}).get("assignments")
    if prefetched is not None:
        return {a.role for a in prefetched if a.agency_id == agency.pk}
    return set(task.assignments.filter(agency=agency).values_list("role", flat=True))


@rules.predicate
def is_assigned(user, task) -> bool:
    agency = accounts.agency(user)
    return agency is not None and bool(_roles(task, agency))


@rules.predicate
def is_lead(user, task) -> bool:
    agency = accounts.agency(user)
    return agency is not None and "lead" in _roles(task, agency)


can_view = is_admin | (in_province & (is_reform_office | is_published))
rules.add_perm("plans.view_plan", can_view)
rules.add_perm("plans.view_task", can_view)
rules.add_perm("plans.add_plan", is_admin | is_reform_office)
rules.add_perm("plans.change_plan", is_admin | (is_reform_office & in_province))
rules.add_perm(
    "tracking.contribute_task",
    is_published & (is_admin | (in_province & (is_reform_office | is_assigned))),
)
rules.add_perm(
    "tracking.lead_task", is_published & (is_admin | (in_province & (is_reform_office | is_lead)))
)
