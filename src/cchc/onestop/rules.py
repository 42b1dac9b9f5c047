"""Who may import dossiers and read the one-stop statistics.

Import: the administrator, and the reform office for its own province (the
services check the province of the batch). Statistics: those two and the leaders.
"""

import rules

from cchc.accounts.predicates import in_own_province, is_admin, is_leader, is_reform_office

rules.add_perm("onestop.import_dossiers", is_admin | (is_reform_office & in_own_province))
rules.add_perm("onestop.view_statistics", is_admin | is_reform_office | is_leader)
