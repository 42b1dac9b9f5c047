"""What a locked-out sign-in gets (django-axes calls :func:`locked_out`): a Vietnamese
page for the login form and the admin, a JSON answer for the API; HTTP 429 both."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def message() -> str:
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return _(
        "Too many failed sign-in attempts: this account is locked for %(minutes)d minutes. "
        "Try again later or ask the administrator to unlock it."
    ) % {"minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message()}, status=429)
    return render(request, "registration/locked_out.html", {"message": message()}, status=429)
