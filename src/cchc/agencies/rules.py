"""Everyone signed in reads the directory; the administrator and the reform office change it."""

import rules

from cchc.accounts.predicates import is_admin, is_reform_office

rules.add_perm("agencies.view_agency", rules.is_authenticated)
rules.add_perm("agencies.change_agency", is_admin | is_reform_office)
