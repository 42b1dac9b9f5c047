"""Reads about the signed-in user: role, agency, province."""

from __future__ import annotations

from cchc.accounts.models import Profile, Role
from cchc.agencies.models import Agency


def profile(user) -> Profile | None:
    """The user's profile, read once per user object with its agency and province.

    Every page needs all three (role, agency, province); one query instead of
    three, kept in Django's own cache of ``user.profile``.
    """
    if not user.is_authenticated:
        return None
    relation = Profile._meta.get_field("user").remote_field  # the user → profile side
    if not relation.is_cached(user):
        found = Profile.objects.select_related("agency__province").filter(user=user).first()
        relation.set_cached_value(user, found)
        if found is not None:
            relation.field.set_cached_value(found, user)
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
