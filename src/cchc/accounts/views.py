"""The API token endpoint (the pages' sign-in and password change are Django's own views)."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from cchc.accounts import lockout
from cchc.accounts.tokens import expired, lifetime


class ObtainExpiringToken(ObtainAuthToken):
    """``POST /api/token/`` (username, password): the user's token, a new one once expired."""

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.data.get("username")}
        if AxesProxyHandler.is_locked(request._request, credentials):
            return Response({"detail": lockout.message()}, status=429)
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            ):
                return Response({"detail": lockout.message()}, status=429)
            return Response(serializer.errors, status=400)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires": token.created + lifetime()})
