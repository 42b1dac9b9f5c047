"""Who may draw samples, enter paper forms, issue survey links and read survey results.

Writes (paper forms, links): the administrator, and the reform office for units of
its own province (the services pass the unit). Results and samples: those two and
the leaders. Answering needs no account: the one-time link is the credential.
"""

import rules

from cchc.accounts.predicates import in_own_province, is_admin, is_leader, is_reform_office

rules.add_perm("surveys.enter_responses", is_admin | (is_reform_office & in_own_province))
rules.add_perm(
    "surveys.view_results", is_admin | ((is_reform_office | is_leader) & in_own_province)
)
