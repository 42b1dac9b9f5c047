"""Managing users inside the application: invite, change role or agency,
deactivate, reset the password.

The rule, checked here for every write (the views only call these functions):
the administrator manages everyone but administrators' accounts are left to the
Django admin; the reform office manages the users of its own province only — a
user whose agency lies in another province, or who has no profile, is not its
to change, and the agency it gives must lie in its province. Nobody but the
administrator makes an administrator, and nobody deactivates themselves.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cchc.accounts import selectors
from cchc.accounts.models import Profile, Role
from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province

# The roles each manager may give.
ROLES_GIVEN_BY = {
    Role.ADMIN: [Role.REFORM_OFFICE, Role.FOCAL_POINT, Role.LEADER],
    Role.REFORM_OFFICE: [Role.REFORM_OFFICE, Role.FOCAL_POINT, Role.LEADER],
}


def can_manage_users(actor) -> bool:
    return actor.is_authenticated and actor.is_active and selectors.role(actor) in ROLES_GIVEN_BY


def manageable_users(actor) -> QuerySet:
    """The users ``actor`` may see and change, by username."""
    users = get_user_model().objects.select_related("profile__agency").order_by("username")
    if not can_manage_users(actor):
        return users.none()
    users = users.filter(is_superuser=False, profile__isnull=False)
    if selectors.role(actor) == Role.ADMIN:
        return users
    province = selectors.province(actor)
    if province is None:  # an office account not yet given its agency manages nobody
        return users.none()
    return users.filter(profile__agency__in=in_province(province))


def agencies_for(actor) -> QuerySet[Agency]:
    """The agencies ``actor`` may give a user."""
    if not can_manage_users(actor):
        return Agency.objects.none()
    if selectors.role(actor) == Role.ADMIN:
        return Agency.objects.filter(active=True).order_by("name")
    province = selectors.province(actor)
    if province is None:
        return Agency.objects.none()
    return in_province(province).filter(active=True).order_by("name")


def _require_manager(actor) -> None:
    if not can_manage_users(actor):
        raise PermissionDenied(_("Only the administrator and the reform office manage users."))


def require_manageable(actor, user) -> None:
    """Raise PermissionDenied unless ``actor`` may change ``user``."""
    _require_manager(actor)
    if not manageable_users(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("This user belongs to another province: you cannot change it."))


def _check_role_and_agency(actor, role: str, agency: Agency | None) -> None:
    if role not in ROLES_GIVEN_BY[selectors.role(actor)]:
        raise PermissionDenied(_("You cannot give this role."))
    if agency is None:
        raise ValidationError({"agency": _("Choose the user's agency.")})
    if not agencies_for(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("This agency belongs to another province: you cannot choose it."))


def one_time_password() -> str:
    return secrets.token_urlsafe(9)


def set_password_link(user) -> str:
    """The address where ``user`` chooses a password (valid until the password changes)."""
    path = reverse(
        "accounts_users:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.CCHC_SITE_URL}{path}"


def _mail_link(user) -> bool:
    """E-mail ``user`` the link to choose a password; False when there is no address."""
    if not user.email:
        return False
    send_mail(
        _("[CCHC] Your account: choose your password"),
        _(
            "Hello %(name)s,\n\nAn account has been opened (or its password reset) for you on the "
            "administrative-reform system. Your user name is %(username)s. Choose your password "
            "at this address:\n\n%(link)s\n\nThe link works once."
        )
        % {
            "name": user.get_full_name() or user.username,
            "username": user.username,
            "link": set_password_link(user),
        },
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return True


@transaction.atomic
def invite_user(
    actor,
    *,
    username: str,
    role: str,
    agency: Agency | None,
    email: str = "",
    full_name: str = "",
) -> tuple[object, str]:
    """Create a user with ``role`` in ``agency``; returns it and its one-time password.

    With an e-mail address, the user is also sent a link to choose a password.
    """
    _require_manager(actor)
    _check_role_and_agency(actor, role, agency)
    model = get_user_model()
    if model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    password = one_time_password()
    first, _space, last = full_name.strip().rpartition(" ")
    user = model.objects.create_user(
        username=username, email=email, password=password, first_name=first, last_name=last
    )
    Profile.objects.create(user=user, role=role, agency=agency)
    transaction.on_commit(lambda: _mail_link(user))
    return user, password


@transaction.atomic
def change_user(actor, user, *, role: str, agency: Agency | None) -> object:
    """Give ``user`` another role or agency (both within the actor's reach)."""
    require_manageable(actor, user)
    _check_role_and_agency(actor, role, agency)
    Profile.objects.filter(user=user).update(role=role, agency=agency)
    return user


@transaction.atomic
def set_active(actor, user, active: bool) -> object:
    """Deactivate (the user can no longer sign in, nothing is deleted) or reactivate."""
    require_manageable(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    type(user).objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    return user


@transaction.atomic
def reset_password(actor, user) -> str:
    """Give ``user`` a new one-time password (returned) and e-mail a link to choose one."""
    require_manageable(actor, user)
    password = one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    transaction.on_commit(lambda: _mail_link(user))
    return password
