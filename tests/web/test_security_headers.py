"""Every page carries a Content-Security-Policy allowing the site itself only, and no page
needs what it forbids: no inline script, event handler or style attribute."""

from __future__ import annotations

import re

import pytest
from tests.reporting.helpers import cycle
from tests.web.factories import task

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style(?![^>]*\snonce=)[^>]*>", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_the_policy_and_need_nothing_it_forbids(
    client, published_plan, users, directory
):
    q1 = cycle(published_plan)
    pages = {
        None: ["/accounts/login/"],
        "office": [
            "/my-tasks/",
            "/overview/",
            "/plans/",
            f"/plans/{published_plan.pk}/",
            f"/plans/{published_plan.pk}/dashboard/",
            f"/plans/{published_plan.pk}/tasks/",
            f"/tasks/{task(published_plan, '1').pk}/",
            "/agencies/",
            "/notifications/",
            "/onestop/statistics/",
            f"/reporting/plans/{published_plan.pk}/",
            f"/reporting/plans/{published_plan.pk}/consolidated/",
            "/accounts/password/",
        ],
        "focal_stp": [
            f"/reporting/plans/{published_plan.pk}/agencies/{directory['stp'].pk}/?cycle={q1.pk}",
        ],
    }
    for name, urls in pages.items():
        if name:
            client.force_login(users[name])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            policy = _policy(response)
            assert policy["default-src"] == ["'self'"], url
            assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in str(policy)
            assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
            html = response.content.decode()
            for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTRIBUTE, STYLE_BLOCK):
                assert not pattern.search(html), (url, pattern.search(html).group(0))


def test_the_api_docs_start_up_script_carries_the_nonce(client, users):
    client.force_login(users["focal_stp"])
    response = client.get("/api/docs/")
    assert response.status_code == 200
    nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    assert len(nonces) == 1
    assert f"'nonce-{nonces.pop()}'" in _policy(response)["script-src"]


def test_https_settings_follow_the_environment(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/accounts/login/").status_code == 301  # plain HTTP → HTTPS
    secure = client.get("/accounts/login/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
