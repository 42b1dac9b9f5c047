"""Who reads the leader's screens: leaders, the reform office, the administrator."""

import rules

from cchc.accounts.predicates import is_admin, is_leader, is_reform_office

rules.add_perm("portal.view_late_agencies", is_admin | is_reform_office | is_leader)
