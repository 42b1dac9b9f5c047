"""A changed password revokes the user's API token (see cchc.accounts.tokens)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token


@receiver(pre_save, sender=get_user_model())
def revoke_on_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """A changed password hash deletes the user's API token (it was issued to the old one)."""
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and "password" not in update_fields)
    ):
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    if old and old[0] != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()
