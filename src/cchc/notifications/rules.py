"""Who may read the escalation list: the administrator, the reform office, leaders."""

import rules

from cchc.accounts.predicates import is_admin, is_leader, is_reform_office

rules.add_perm("notifications.view_escalations", is_admin | is_reform_office | is_leader)
