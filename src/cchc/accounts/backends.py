"""Sign-in with a username and password, and nothing else.

Django's ``ModelBackend`` also answers permission checks from its group and
user-permission tables, reading both (two queries) whenever a ``rules`` check
says no. Roles here are checked only by ``rules`` (cchc.accounts.predicates and
each app's rules.py) and the administrator is a superuser, so this backend
grants no permissions. It reads the user with the profile every page needs
(role, agency, province) in the same query.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile__agency__province").get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    # ModelBackend's has_perm and get_all_permissions are built on these two.
    def get_user_permissions(self, user_obj, obj=None) -> set:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set:
        return set()


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins made by a request (pages, admin, API).

    ``authenticate()`` called without a request (a management command, the test
    client's ``login``) has no address to lock out and nobody guessing: it is let through
    to :class:`PasswordBackend` instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
