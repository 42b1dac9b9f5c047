"""Brute force and token lifetime: lockout after repeated wrong passwords (login form, admin,
API token), tokens that expire and die with a password change, the password page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from tests.web.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOCKED = "Đăng nhập sai quá nhiều lần"
ATTEMPTS = 50


def _hammer(post) -> list[int]:
    return [post(f"sai-{n}").status_code for n in range(ATTEMPTS)]


@pytest.mark.parametrize(
    "url,user",
    [("/accounts/login/", "focal_stp"), ("/admin/login/", "admin")],
)
def test_fifty_wrong_passwords_lock_the_form_out(users, url, user):
    client = Client()
    statuses = _hammer(lambda password: client.post(url, {"username": user, "password": password}))
    assert statuses[0] == 200  # the form again, with its error
    assert statuses[-1] == 429 and statuses.count(429) >= ATTEMPTS - 10
    refused = client.post(url, {"username": user, "password": PASSWORD})
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session  # the right password does not get in now
    # another user name is not locked out by these attempts
    other = Client().post("/accounts/login/", {"username": "leader", "password": PASSWORD})
    assert other.status_code == 302


def test_fifty_wrong_passwords_lock_the_token_endpoint_out(users):
    api = APIClient()
    statuses = _hammer(
        lambda password: api.post("/api/token/", {"username": "focal_stp", "password": password})
    )
    assert statuses[0] == 400 and statuses[-1] == 429
    refused = api.post("/api/token/", {"username": "focal_stp", "password": PASSWORD})
    assert refused.status_code == 429 and LOCKED in refused.json()["detail"]
    assert not Token.objects.filter(user=users["focal_stp"]).exists()


def _token(user) -> str:
    response = APIClient().post("/api/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()["token"]


def _tasks_status(key: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/tasks/").status_code


def test_a_password_change_on_the_page_revokes_the_token(users):
    user = users["focal_stp"]
    key = _token(user)
    assert _tasks_status(key) == 200
    client = Client()
    client.force_login(user)
    home = client.get("/", follow=True).content.decode()
    assert 'href="/accounts/password/"' in home  # reachable from the user menu
    new = "mật-khẩu-mới-5678"
    changed = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert client.get("/my-tasks/").status_code == 200  # still signed in on this browser
    assert _tasks_status(key) == 401
    assert Client().login(username=user.username, password=new)


def test_a_password_reset_elsewhere_revokes_the_token_too(users):
    user = users["focal_stp"]
    key = _token(user)
    user.set_password("đặt-lại-bởi-quản-trị-9")
    user.save()
    assert _tasks_status(key) == 401
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])  # other saves keep a new token alive
    assert _tasks_status(_token_for(user, "đặt-lại-bởi-quản-trị-9")) == 200


def _token_for(user, password) -> str:
    response = APIClient().post("/api/token/", {"username": user.username, "password": password})
    return response.json()["token"]


def test_an_expired_token_is_refused_and_replaced(users, settings):
    settings.CCHC_TOKEN_DAYS = 30
    user = users["focal_stp"]
    key = _token(user)
    Token.objects.filter(key=key).update(
        created=timezone.now() - datetime.timedelta(days=30, minutes=1)
    )
    assert _tasks_status(key) == 401
    fresh = _token(user)
    assert fresh != key and _tasks_status(fresh) == 200
    Token.objects.filter(key=fresh).update(created=timezone.now() - datetime.timedelta(days=29))
    assert _tasks_status(fresh) == 200
