"""Inspection plans: written by the administrator and the reform office of the province;
read by those and the leaders."""

import rules

from cchc.accounts.predicates import in_own_province, is_admin, is_leader, is_reform_office

rules.add_perm("inspections.manage", is_admin | (is_reform_office & in_own_province))
rules.add_perm("inspections.view", is_admin | ((is_reform_office | is_leader) & in_own_province))
