"""Survey satisfaction as an indicator value: computed from the results page's own figure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from tests.surveys.test_surveys import _answers
from tests.web.factories import draft_plan, published_plan  # noqa: F401

from cchc.indicators import services as indicators
from cchc.indicators.models import IndicatorValue
from cchc.periods import Period
from cchc.plans.models import Target
from cchc.surveys import selectors, services
from cchc.surveys.models import Questionnaire

pytestmark = pytest.mark.django_db


def test_the_satisfaction_indicator_equals_the_results_page_figure(
    users,
    directory,
    published_plan,  # noqa: F811
):
    cache.clear()
    sipas = Questionnaire.objects.get(code="sipas-2017")
    for values in [
        {"Y1": 5, "Y2": 4, "Y3": 3, "Y4": 2, "Y5": 1, "HL": 4},
        {"Y1": 4, "Y2": 2, "Y3": 4, "Y4": 5, "Y5": 1, "HL": 2},
        {"Y1": 1, "Y2": 5, "Y3": 5, "Y4": 4, "Y5": 4, "HL": 5},
    ]:
        invitation = services.invite(users["office"], sipas, directory["stp"])
        response = Client().post(f"/surveys/r/{invitation.token}/", _answers(sipas, values))
        assert response.status_code == 200
    today = datetime.date.today()
    target = Target.objects.create(
        plan=published_plan,
        position=1,
        text="Chỉ số hài lòng của người dân đạt tối thiểu 80%",
        comparator=">=",
        value=80,
        unit="%",
        due=today.replace(year=today.year + 1),
    )
    indicator = target.indicator
    indicators.configure(
        indicator,
        users["office"],
        scope=indicator.scope,
        agencies=[],
        period_kind="year",
        metric="survey_satisfaction",
    )
    assert indicators.refresh_computed(indicator, today) >= 1
    period = Period("year", datetime.date(today.year, 1, 1))
    value = IndicatorValue.objects.get(
        indicator=indicator, agency=None, period_kind="year", period_start=period.start
    )
    assert value.source == IndicatorValue.Source.COMPUTED
    staff = Client()
    staff.force_login(users["leader"])
    page = staff.get("/surveys/results/", {"questionnaire": sipas.pk})
    assert page.status_code == 200
    found = selectors.responses(sipas, period.start, period.end)
    figure = selectors.results(sipas, found)["overall"]
    assert figure is not None
    assert value.value == Decimal(str(figure))
    shown = f"{figure:.2f}".replace(".", ",")
    assert shown in page.content.decode() or str(figure) in page.content.decode()
