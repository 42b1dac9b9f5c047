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
    return obj if obj.__class__.__name__ == "Plan" else obj.plan


@rules.predicate
def in_province(user, obj) -> bool:
    province = accounts.province(user)
    return province is not None and _plan(obj).province_id == province.pk


@rules.predicate
def is_published(user, obj) -> bool:
    return not _plan(obj).is_draft


@rules.predicate
def is_assigned(user, task) -> bool:
    agency = accounts.agency(user)
    return agency is not None and task.assignments.filter(agency=agency).exists()


@rules.predicate
def is_lead(user, task) -> bool:
    agency = accounts.agency(user)
    return agency is not None and task.assignments.filter(agency=agency, role="lead").exists()


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
