"""Reads about the signed-in user: role, agency, province."""

from __future__ import annotations

from cchc.accounts.models import Profile, Role
from cchc.agencies.models import Agency


def profile(user) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role(user) -> str | None:
    if user.is_authenticated and user.is_superuser:
        return Role.ADMIN
    found = profile(user)
    return found.role if found else None


def agency(user) -> Agency | None:
    found = profile(user)
    return found.agency if found else None


def province(user) -> Agency | None:
    """The province the user works in; None for an administrator without an agency."""
    unit = agency(user)
    return unit.root if unit else None
