"""Everyone signed in reads the directory; the administrator changes all of it, the
reform office only the units of its own province (and it cannot move a unit out of
it, nor bring one in from another province, nor create or remove a province)."""

import rules

from cchc.accounts.predicates import in_own_province, is_admin, is_reform_office

rules.add_perm("agencies.view_agency", rules.is_authenticated)
rules.add_perm("agencies.change_agency", is_admin | (is_reform_office & in_own_province))
# A unit without a parent is a province of its own: only the administrator adds or removes one.
rules.add_perm("agencies.change_province", is_admin)
