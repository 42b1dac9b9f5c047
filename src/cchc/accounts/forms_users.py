"""The forms of user management (cchc.accounts.views_users)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from cchc.accounts import users as service
from cchc.accounts.models import Role


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        given = service.ROLES_GIVEN_BY.get(service.selectors.role(actor), [])
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in given]
        self.fields["agency"].queryset = service.agencies_for(actor)


class InviteForm(RoleForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("With an address, the user is sent a link to choose a password."),
    )
    field_order = ["username", "full_name", "email", "role", "agency"]
