"""User management inside the application (issue 10): the reform office invites a
focal point for an agency of its province, changes role or agency, deactivates,
resets the password — and can do none of it for another province."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from tests.web.factories import PASSWORD

from cchc.accounts import selectors
from cchc.accounts import users as service
from cchc.accounts.models import Role

pytestmark = pytest.mark.django_db
User = get_user_model()


def _signed_in(client, name):
    assert client.login(username=name, password=PASSWORD)
    return client


def test_the_office_creates_a_focal_point_who_signs_in_with_the_shown_password(
    client, users, directory, django_capture_on_commit_callbacks
):
    office = _signed_in(client, "office")
    with django_capture_on_commit_callbacks(execute=True):
        page = office.post(
            reverse("accounts_users:invite"),
            {
                "username": "dau_moi_stp2",
                "full_name": "Nguyễn Văn An",
                "email": "an@example.org",
                "role": Role.FOCAL_POINT,
                "agency": directory["stp"].pk,
            },
        )
    assert page.status_code == 200
    password = page.context["password"]
    assert password in page.content.decode() and "Mật khẩu dùng một lần" in page.content.decode()
    made = User.objects.get(username="dau_moi_stp2")
    assert selectors.role(made) == Role.FOCAL_POINT
    assert selectors.agency(made) == directory["stp"]
    assert made.get_full_name() == "Nguyễn Văn An"
    # The e-mailed link lets the user choose a password.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.org"]
    link = next(w for w in mail.outbox[0].body.split() if "/set-password/" in w)
    client.logout()
    form_page = client.get(link.split("localhost:8000", 1)[1], follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    chosen = "một-mật-khẩu-mới-9876"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": chosen, "new_password2": chosen},
    )
    assert done.status_code == 302
    assert client.login(username="dau_moi_stp2", password=chosen)
    client.logout()
    assert not client.login(username="dau_moi_stp2", password=password)


def test_the_office_cannot_give_an_agency_of_another_province(client, users, directory):
    office = _signed_in(client, "office")
    response = office.post(
        reverse("accounts_users:invite"),
        {"username": "ngoai_tinh", "role": Role.FOCAL_POINT, "agency": directory["b_stp"].pk},
    )
    assert response.status_code == 200  # the choice is not offered: a form error
    assert not User.objects.filter(username="ngoai_tinh").exists()
    with pytest.raises(PermissionDenied):
        service.invite_user(
            users["office"], username="ngoai_tinh", role=Role.FOCAL_POINT, agency=directory["b_stp"]
        )
    assert not User.objects.filter(username="ngoai_tinh").exists()


def test_another_provinces_user_is_refused_and_left_unchanged(client, users, directory):
    """A valid payload (role and agency of the office's own province) for province B's
    focal point: refused, and the user keeps role, agency, password and sign-in."""
    target = users["focal_b"]
    office = _signed_in(client, "office")
    payload = {"role": Role.LEADER, "agency": directory["stp"].pk}
    assert office.post(reverse("accounts_users:edit", args=[target.pk]), payload).status_code == 403
    assert (
        office.post(reverse("accounts_users:active", args=[target.pk]), {"active": "0"}).status_code
        == 403
    )
    assert office.post(reverse("accounts_users:reset", args=[target.pk])).status_code == 403
    assert office.get(reverse("accounts_users:edit", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.check_password(PASSWORD)
    assert selectors.role(target) == Role.FOCAL_POINT
    assert target.profile.agency == directory["b_stp"]
    # The rule is the service's, whoever calls it.
    for write in (
        lambda: service.change_user(
            users["office"], target, role=Role.LEADER, agency=directory["stp"]
        ),
        lambda: service.set_active(users["office"], target, False),
        lambda: service.reset_password(users["office"], target),
    ):
        with pytest.raises(PermissionDenied):
            write()
    # ...and the list does not show it.
    listed = office.get(reverse("accounts_users:list")).content.decode()
    assert "focal_stp" in listed and "focal_b" not in listed and "office_b" not in listed


def test_the_office_changes_role_and_agency_deactivates_and_resets(client, users, directory):
    office = _signed_in(client, "office")
    target = users["focal_stttt"]
    response = office.post(
        reverse("accounts_users:edit", args=[target.pk]),
        {"role": Role.FOCAL_POINT, "agency": directory["commune2"].pk},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.profile.agency == directory["commune2"]
    office.post(reverse("accounts_users:active", args=[target.pk]), {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    assert not client.login(username="focal_stttt", password=PASSWORD)
    office = _signed_in(client, "office")
    office.post(reverse("accounts_users:active", args=[target.pk]), {"active": "1"})
    page = office.post(reverse("accounts_users:reset", args=[target.pk]))
    new = page.context["password"]
    client.logout()
    assert client.login(username="focal_stttt", password=new)


def test_nobody_else_manages_users_and_no_one_makes_an_administrator(client, users, directory):
    for name in ("focal_stp", "leader"):
        assert _signed_in(client, name).get(reverse("accounts_users:list")).status_code == 403
        client.logout()
    with pytest.raises(PermissionDenied):
        service.invite_user(users["office"], username="x", role=Role.ADMIN, agency=directory["snv"])
    with pytest.raises(PermissionDenied):
        service.change_user(
            users["office"], users["admin"], role=Role.LEADER, agency=directory["a"]
        )


def test_the_administrator_manages_every_province(client, users, directory):
    admin = _signed_in(client, "admin")
    listed = admin.get(reverse("accounts_users:list")).content.decode()
    assert "focal_b" in listed and "focal_stp" in listed
    admin.post(
        reverse("accounts_users:edit", args=[users["focal_b"].pk]),
        {"role": Role.LEADER, "agency": directory["b"].pk},
    )
    assert selectors.role(User.objects.get(username="focal_b")) == Role.LEADER


def test_a_user_without_a_profile_is_told_what_to_ask_for(client, db):
    User.objects.create_user("moi_vao", password=PASSWORD)
    client.login(username="moi_vao", password=PASSWORD)
    page = client.get("/", follow=True)
    text = page.content.decode()
    assert page.status_code == 200
    assert "chưa được giao vai trò" in text and "Sở Nội vụ" in text and "moi_vao" in text


def test_an_office_account_without_an_agency_manages_nobody(client, users, directory):
    users["office"].profile.agency = None
    users["office"].profile.save()
    office = _signed_in(client, "office")
    assert "focal_stp" not in office.get(reverse("accounts_users:list")).content.decode()
    with pytest.raises(PermissionDenied):
        service.invite_user(
            users["office"], username="x1", role=Role.FOCAL_POINT, agency=directory["stp"]
        )
