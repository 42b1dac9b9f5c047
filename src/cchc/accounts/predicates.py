"""``rules`` predicates on the user's role; object predicates live in each app's rules.py."""

import rules

from cchc.accounts import selectors
from cchc.accounts.models import Role


@rules.predicate
def is_admin(user) -> bool:
    return selectors.role(user) == Role.ADMIN


@rules.predicate
def is_reform_office(user) -> bool:
    return selectors.role(user) == Role.REFORM_OFFICE


@rules.predicate
def is_focal_point(user) -> bool:
    return selectors.role(user) == Role.FOCAL_POINT


@rules.predicate
def is_leader(user) -> bool:
    return selectors.role(user) == Role.LEADER
