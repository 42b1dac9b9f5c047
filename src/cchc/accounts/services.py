"""Writes: create a user with a role."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.accounts.models import Profile, Role
from cchc.agencies.models import Agency


@transaction.atomic
def create_user(
    username: str, role: str, agency: Agency | None = None, password: str | None = None
) -> tuple[object, str]:
    """Create a user with ``role``; returns the user and the password (random if not given)."""
    password = password or secrets.token_urlsafe(12)
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    Profile.objects.create(user=user, role=role, agency=agency)
    return user, password
