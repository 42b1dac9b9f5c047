"""Who sent a request, and what of it may be written to the log.

One place for both, so that the survey rate limit and the sign-in lockout
(django-axes) count the same address, and no log line carries a survey link.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings


def client_address(request) -> str:
    """The address of the person behind ``request``.

    Directly connected (``CCHC_TRUSTED_PROXIES`` = 0, the default) that is the
    socket's address. Behind N reverse proxies of our own, each proxy appends the
    address it was reached from to X-Forwarded-For, so the client is the N-th entry
    from the right; entries further left come from the client itself and could be
    forged, so they are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CCHC_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:  # did not pass through every proxy: trust the socket
        return remote
    return forwarded[-proxies]


# A survey link's token is the respondent's one-time credential: "/surveys/r/<token>/".
_TOKEN_IN_PATH = re.compile(r"(/surveys/[rk]/)[^/\s]+")


class RedactSurveyTokens(logging.Filter):
    """Masks survey tokens in log records ("Conflict: /surveys/r/…/" on a refused resend)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN_IN_PATH.sub(r"\1…", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _TOKEN_IN_PATH.sub(r"\1…", record.msg)
        return True
