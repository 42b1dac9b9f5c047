"""The one helper every view uses for its object-level check."""

from django.core.exceptions import PermissionDenied


def require(user, perm: str, obj=None) -> None:
    """Raise 403 unless ``user`` has ``perm`` (a ``rules`` permission) on ``obj``."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
