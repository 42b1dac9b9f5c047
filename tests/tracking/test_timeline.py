"""The deadline timeline of the plan dashboard."""

from __future__ import annotations

import datetime

import pytest
from tests.web.factories import task

from cchc.plans.models import Task
from cchc.tracking import selectors, timeline
from cchc.tracking.selectors import TIMELINE_SERIES, Status

D = datetime.date


def _counts(bar) -> dict[str, float]:
    return {s["css"]: float(s["height"]) for s in bar["segments"]}


def test_bars_by_month_stacked_by_status():
    deadlines = [
        (D(2025, 1, 10), Status.DONE_ON_TIME),
        (D(2025, 1, 31), Status.DONE_LATE),
        (D(2025, 1, 20), Status.OPEN_OVERDUE),
        (D(2025, 3, 5), Status.OPEN_ON_TIME),
        (None, Status.OPEN_ON_TIME),
    ]
    chart = timeline.deadline_chart(deadlines, D(2025, 2, 15), TIMELINE_SERIES)
    assert chart["kind"] == "month" and len(chart["bars"]) == 3  # January to March
    january, february, march = chart["bars"]
    # January: two done under one overdue, the tallest bar (three tasks) fills the plot
    assert [s["css"] for s in january["segments"]] == ["done", "overdue"]
    heights = _counts(january)
    assert heights["done"] == pytest.approx(2 * heights["overdue"], abs=0.2)  # rounded to 0.1
    assert sum(heights.values()) == pytest.approx(chart["bottom"] - chart["top"], abs=0.1)
    assert february["segments"] == [] and "Tháng 2/2025" in february["title"]
    assert [s["css"] for s in march["segments"]] == ["open"]
    assert chart["undated"] == 1
    # today (15 February) is in the middle bar
    assert float(january["x"]) < float(chart["today_x"]) < float(march["x"])


def test_long_plans_are_shown_by_quarter_then_by_year():
    two_years = [(D(2025, 1, 1), Status.DONE_ON_TIME), (D(2027, 6, 30), Status.OPEN_ON_TIME)]
    chart = timeline.deadline_chart(two_years, D(2020, 1, 1), TIMELINE_SERIES)
    assert chart["kind"] == "quarter" and len(chart["bars"]) == 10
    assert chart["today_x"] is None  # before the first deadline
    decade = [(D(2021, 1, 1), Status.HALTED), (D(2030, 12, 31), Status.OPEN_ON_TIME)]
    chart = timeline.deadline_chart(decade, D(2025, 1, 1), TIMELINE_SERIES)
    assert chart["kind"] == "year" and [b["label"] for b in chart["bars"]][0] == "2021"


def test_a_mistyped_year_draws_a_long_chart_instead_of_failing():
    typo = [(D(2025, 3, 1), Status.OPEN_ON_TIME), (D(2205, 3, 1), Status.OPEN_ON_TIME)]
    chart = timeline.deadline_chart(typo, D(2025, 1, 1), TIMELINE_SERIES)
    assert chart["kind"] == "year" and len(chart["bars"]) == 181


def test_nothing_to_draw_without_deadlines():
    assert timeline.deadline_chart([(None, Status.OPEN_ON_TIME)], D(2025, 1, 1), []) is None


@pytest.mark.django_db
def test_dashboard_draws_the_plans_deadlines(client, published_plan, users):
    Task.objects.filter(pk=task(published_plan, "1").pk).update(completed_on=D(2025, 3, 1))
    figures = selectors.plan_dashboard(published_plan, D(2025, 6, 15))
    segments = [s for bar in figures["timeline"]["bars"] for s in bar["segments"]]
    assert "done" in {s["css"] for s in segments}
    dated = Task.objects.filter(plan=published_plan, due__isnull=False).count()
    assert figures["timeline"]["undated"] == published_plan.tasks.count() - dated
    client.force_login(users["office"])
    page = client.get(f"/plans/{published_plan.pk}/dashboard/").content.decode()
    assert 'id="timeline"' in page and '<rect class="tl-done"' in page
