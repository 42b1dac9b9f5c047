"""``rules`` predicates on the user's role and province, and the one check every service uses.

Object predicates that need an app's models live in that app's rules.py. Services
call :func:`require` with the acting user, so the pages, the REST API, management
commands and imports all pass the same rule; a command acting for the system (the
demo loader, a worker filling a plan it was asked to extract) passes :data:`SYSTEM`.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cchc.accounts import selectors
from cchc.accounts.models import Role


class _System:
    """The actor of management commands and workers: allowed everything, recorded as nobody."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_anonymous = False
    pk = None

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = _System()


def recorded(user):
    """The user to store as author or creator: None for :data:`SYSTEM` (or nobody)."""
    return None if user is None or user is SYSTEM else user


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` has the ``rules`` permission ``perm`` on ``obj``."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


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


def province_of(obj) -> int | None:
    """The id of the province ``obj`` belongs to: an agency (its root), or anything with a
    ``province`` (a plan, a one-stop batch)."""
    if obj.__class__.__name__ == "Agency":
        return obj.province_id or obj.pk
    return obj.province_id


@rules.predicate
def in_own_province(user, obj) -> bool:
    """``obj`` lies in the user's province. Without an object (may the user open the
    page at all?) it holds: services always pass the object they write."""
    if obj is None:
        return True
    province = selectors.province(user)
    return province is not None and province_of(obj) == province.pk
