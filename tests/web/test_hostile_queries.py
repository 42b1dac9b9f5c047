"""Query strings a page does not expect (a page number past any integer, a letter for an id)
answer the last page, the default or 404, never a server error."""

from __future__ import annotations

import pytest
from tests.reporting.helpers import cycle
from tests.web.factories import task

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"
VALUES = [HUGE, "abc"]
PARAMS = ["page", "province", "cycle", "year", "kind", "agency", "status", "area", "plan"]


def _pages(plan, directory):
    q1 = cycle(plan)
    first = task(plan, "1")
    return {
        "office": [
            "/",
            "/my-tasks/",
            "/overview/",
            "/plans/",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/dashboard/",
            f"/plans/{plan.pk}/tasks/",
            f"/plans/{plan.pk}/mentions/",
            f"/tasks/{first.pk}/",
            "/agencies/",
            "/notifications/",
            "/notifications/escalations/",
            "/onestop/statistics/",
            "/reporting/",
            f"/reporting/plans/{plan.pk}/",
            f"/reporting/plans/{plan.pk}/consolidated/",
            f"/reporting/plans/{plan.pk}/agencies/{directory['stp'].pk}/?cycle={q1.pk}",
            "/api/tasks/",
            "/api/plans/",
            "/api/agencies/",
            "/api/updates/",
            "/api/scoring/frameworks/",
            "/api/scoring/rounds/",
            "/api/scoring/assessments/",
        ],
        "admin": ["/onestop/statistics/", "/overview/", "/plans/"],
        "focal_stp": ["/my-tasks/", "/reporting/", f"/tasks/{first.pk}/"],
    }


def test_hostile_query_parameters_never_give_500(client, published_plan, directory, users):
    client.raise_request_exception = False  # a server error is a 500 answer, counted below
    failures = []
    for name, urls in _pages(published_plan, directory).items():
        client.force_login(users[name])
        for url in urls:
            for param in PARAMS:
                for value in VALUES:
                    joiner = "&" if "?" in url else "?"
                    if param == "cycle" and "cycle=" in url:
                        continue
                    full = f"{url}{joiner}{param}={value}"
                    status = client.get(full).status_code
                    if status >= 500 or status not in (200, 302, 400, 404):
                        failures.append((name, full, status))
    assert failures == [], "\n".join(map(str, failures))


def test_a_page_past_the_end_is_the_last_page(client, published_plan, users):
    client.force_login(users["office"])
    response = client.get(f"/plans/{published_plan.pk}/tasks/?page={HUGE}")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == page.paginator.num_pages
