"""API tokens (DRF's ``authtoken``) that expire and die with the password.

- A token is valid for ``CCHC_TOKEN_DAYS`` days from its issue; after that the
  API answers 401 and ``/api/token/`` issues a new one.
- Changing or resetting a password (any path: the password page, the admin, a
  command) deletes the user's token (cchc.accounts.signals).
- ``/api/token/`` (cchc.accounts.views) is guarded by django-axes like the login form: repeated wrong
  passwords lock the user name out (HTTP 429, in Vietnamese).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CCHC_TOKEN_DAYS)


def expired(token: Token) -> bool:
    return token.created + lifetime() <= timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than ``CCHC_TOKEN_DAYS``."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            raise exceptions.AuthenticationFailed(
                _("The token has expired: request a new one at /api/token/.")
            )
        return user, token
