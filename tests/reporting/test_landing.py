"""The reports an agency must send soon, on its "my tasks" page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cchc.reporting import selectors, services
from cchc.reporting.models import AgencyReport

pytestmark = pytest.mark.django_db


def _card(client, user) -> str | None:
    """The "reports due" card of ``user``'s my-tasks page (signed in at the clock's time)."""
    client.force_login(user)
    page = client.get(reverse("portal:my_tasks")).content.decode()
    if 'id="reports-owed"' not in page:
        return None
    return page.split('id="reports-owed"', 1)[1].split("</div>", 1)[0]


def _listed(card: str, cycles) -> list[str]:
    return [c.label for c in cycles if f">{c.label}</a>" in card]


def test_my_tasks_lists_the_reports_due_within_30_days(client, clock, published_plan, users):
    services.ensure_regime(published_plan)
    cycles = list(selectors.cycles(published_plan))
    first, focal = cycles[0], users["focal_stp"]
    # A month and a half before the first due day: nothing is due yet, so no card.
    clock.set(first.due - datetime.timedelta(days=45))
    assert _card(client, focal) is None

    # Ten days before it: the reports due within 30 days, and the link to all of them.
    clock.set(first.due - datetime.timedelta(days=10))
    card = _card(client, focal)
    horizon = first.due + datetime.timedelta(days=20)
    assert _listed(card, cycles) == [c.label for c in cycles if c.due <= horizon]
    assert reverse("reporting:owed") in card

    # An accepted report drops off; one past its due day is marked late.
    AgencyReport.objects.create(cycle=first, agency=focal.profile.agency, status="accepted")
    clock.set(cycles[1].due + datetime.timedelta(days=1))
    card = _card(client, focal)
    assert first.label not in _listed(card, cycles)
    assert cycles[1].label in _listed(card, cycles)
    assert "quá hạn" in card


def test_only_the_first_rows_are_listed(published_plan, users, clock):
    services.ensure_regime(published_plan)
    cycles = list(selectors.cycles(published_plan))
    clock.set(cycles[-1].due)
    rows, more = selectors.reports_due(users["focal_stp"].profile.agency, 2)
    assert [r.cycle for r in rows] == cycles[:2]
    assert more is (len(cycles) > 2)
    assert all(r.overdue for r in rows)
