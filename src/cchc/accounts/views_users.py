"""User management for the reform office and the administrator; the page a user
without a role sees. Every rule is in ``cchc.accounts.users``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors
from cchc.accounts import users as service
from cchc.accounts.forms_users import InviteForm, RoleForm


def _require_manager(request) -> None:
    if not service.can_manage_users(request.user):
        raise PermissionDenied


def _apply(form, write) -> bool:
    """Run ``write``; a ValidationError goes onto the form. True when it went through."""
    try:
        write()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


@login_required
def user_list(request):
    _require_manager(request)
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": service.manageable_users(request.user),
            "province": selectors.province(request.user),
        },
    )


@login_required
def user_invite(request):
    _require_manager(request)
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        made = {}

        def write():
            made["user"], made["password"] = service.invite_user(
                request.user,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
            )

        if _apply(form, write):
            return render(
                request,
                "accounts/user_password.html",
                {"target": made["user"], "password": made["password"], "invited": True},
            )
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


def _target(request, user_pk: int):
    _require_manager(request)
    target = get_object_or_404(get_user_model(), pk=user_pk)
    service.require_manageable(request.user, target)
    return target


@login_required
def user_edit(request, user_pk: int):
    target = _target(request, user_pk)
    profile = selectors.profile(target)
    initial = {"role": profile.role, "agency": profile.agency} if profile else {}
    form = RoleForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def write():
            service.change_user(
                request.user,
                target,
                role=form.cleaned_data["role"],
                agency=form.cleaned_data["agency"],
            )

        if _apply(form, write):
            messages.success(
                request, _("The role and agency of %(user)s were saved.") % {"user": target}
            )
            return redirect("accounts_users:list")
    return render(request, "accounts/user_form.html", {"form": form, "target": target})


@login_required
@require_POST
def user_active(request, user_pk: int):
    target = _target(request, user_pk)
    active = request.POST.get("active") == "1"
    try:
        service.set_active(request.user, target, active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (_("%(user)s can sign in again.") if active else _("%(user)s can no longer sign in."))
            % {"user": target},
        )
    return redirect("accounts_users:list")


@login_required
@require_POST
def user_reset(request, user_pk: int):
    target = _target(request, user_pk)
    password = service.reset_password(request.user, target)
    return render(
        request,
        "accounts/user_password.html",
        {"target": target, "password": password, "invited": False},
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page of the e-mailed link: the user chooses a password, then signs in."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been set. Sign in with it."))
        return response


@login_required
def no_role(request):
    """A signed-in user without a role: what to ask for, and from whom."""
    return render(request, "accounts/no_role.html", {})
