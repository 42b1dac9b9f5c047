"""Who reads a task's notes and evidence files (README, "Who sees what").

Everyone who may read a task (plans.view_task: the plans of their province) sees
the task, its status, progress and timeline. Its notes and evidence files are
read only by the agencies assigned to it (lead or cooperating), the reform office
and the leaders of its province, and the administrator. The task page, the
evidence download and the REST API all ask this one permission.
"""

import rules

from cchc.accounts.predicates import is_admin, is_leader, is_reform_office
from cchc.plans.rules import can_view, in_province, is_assigned

can_read_notes = is_admin | (can_view & in_province & (is_reform_office | is_leader | is_assigned))
rules.add_perm("tracking.view_notes", can_read_notes)
