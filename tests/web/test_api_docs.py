"""The API documentation page: for logged-in users, its scripts and styles served by the app."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_docs_need_a_login(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_docs_page_and_its_assets_are_served_locally(client, users):
    client.force_login(users["focal_stp"])
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the page names an outside address"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    static = "/" + settings.STATIC_URL.lstrip("/")
    scripts = [a for a in assets if a.endswith(".js")]
    styles = [a for a in assets if a.endswith(".css")]
    assert scripts and styles
    for asset in assets:
        assert asset.startswith(static), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content if served.streaming else [served.content])
    # The page reads the schema the app serves.
    assert '"/api/schema/"' in html
    assert client.get("/api/schema/").status_code == 200
