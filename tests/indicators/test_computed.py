"""Indicators measured from one-stop data: from a stub provider, then from real dossiers."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cchc.indicators import selectors, services
from cchc.indicators.attainment import AT_RISK, MET
from cchc.indicators.models import IndicatorValue, Scope
from cchc.onestop.models import Channel, Dossier
from cchc.periods import Period
from cchc.plans.models import Target

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 5, 15)


@pytest.fixture
def on_time(published_plan):
    """ "Tối thiểu 95% hồ sơ giải quyết đúng hạn": on_time_rate, suggested from the text."""
    target = Target.objects.create(
        plan=published_plan,
        position=1,
        text="Tối thiểu 95% hồ sơ giải quyết đúng hạn",
        comparator=">=",
        value=95,
        unit="%",
        due=datetime.date(2025, 12, 31),
    )
    return target.indicator


class StubRates:
    """Test data standing in for the one-stop figures: a rate per (agency set, quarter)."""

    def __init__(self, figures: dict):
        self.figures = figures
        self.calls = []

    def __call__(self, agency_ids, period):
        self.calls.append((sorted(agency_ids), period.start))
        return {"on_time_rate": self.figures.get((len(agency_ids) > 1, period.start))}


def test_values_computed_from_a_provider(on_time, directory, users):
    rates = StubRates(
        {
            (True, datetime.date(2025, 1, 1)): Decimal(200) / Decimal(3),  # 66.67 % in Q I
            (True, datetime.date(2025, 4, 1)): Decimal("97.5"),
        }
    )
    assert services.refresh_computed(on_time, DAY, rates) == 2
    # the whole province: every unit of it, once per period that has begun
    province_ids = sorted(a.pk for a in selectors.scope_agencies(on_time))
    assert rates.calls == [
        (province_ids, datetime.date(2025, 1, 1)),
        (province_ids, datetime.date(2025, 4, 1)),
    ]
    first = IndicatorValue.objects.get(period_start=datetime.date(2025, 1, 1))
    assert first.value == Decimal("66.666667") and first.source == "computed"
    assert selectors.summary(on_time, DAY)["status"] == MET
    # run again: replaced, not added
    services.refresh_computed(on_time, DAY, rates)
    assert IndicatorValue.objects.count() == 2
    # no manual values on a computed indicator
    with pytest.raises(ValidationError):
        services.enter_value(
            on_time,
            users["office"],
            agency=None,
            period=Period("quarter", datetime.date(2025, 4, 1)),
            value=Decimal(99),
            day=DAY,
        )


def test_listed_agencies_get_their_own_values(on_time, directory, users):
    services.configure(
        on_time,
        users["office"],
        scope=Scope.AGENCIES,
        agencies=[directory["stp"], directory["stttt"]],
        period_kind="quarter",
        metric="on_time_rate",
    )
    rates = StubRates(
        {(False, datetime.date(2025, 1, 1)): Decimal(90), (True, datetime.date(2025, 1, 1)): 92}
    )
    assert services.refresh_computed(on_time, datetime.date(2025, 2, 1), rates) == 3
    page = selectors.detail(on_time, datetime.date(2025, 2, 1))
    assert [r["value"] for r in page["rows"]] == [Decimal(90), Decimal(90)]


def dossier(agency, code, received, due, finished, channel=Channel.DIRECT):
    return Dossier.objects.create(
        agency=agency, code=code, channel=channel, received=received, due=due, finished=finished
    )


def test_values_computed_from_onestop_dossiers(on_time, directory, users):
    day = datetime.date
    # Q I: Sở Tư pháp 3 finished, 2 on time; Sở TT&TT 1 finished on time → 3/4 = 75 %.
    dossier(directory["stp"], "A1", day(2025, 1, 5), day(2025, 1, 10), day(2025, 1, 9))
    dossier(directory["stp"], "A2", day(2025, 2, 5), day(2025, 2, 10), day(2025, 2, 10))
    dossier(directory["stp"], "A3", day(2025, 3, 5), day(2025, 3, 10), day(2025, 3, 20))
    dossier(directory["stttt"], "B1", day(2025, 3, 1), day(2025, 3, 9), day(2025, 3, 2))
    # another province's dossier must not count
    dossier(directory["b_stp"], "X1", day(2025, 1, 5), day(2025, 1, 10), day(2025, 2, 10))
    # Q II: one finished on time → 100 %.
    dossier(directory["stp"], "A4", day(2025, 4, 2), day(2025, 4, 10), day(2025, 4, 3))

    assert services.refresh_computed(on_time, DAY) == 2
    values = dict(IndicatorValue.objects.values_list("period_start", "value"))
    assert values == {day(2025, 1, 1): Decimal(75), day(2025, 4, 1): Decimal(100)}
    assert selectors.summary(on_time, DAY)["status"] == MET
    # Q II turns bad: the latest value decides
    dossier(directory["stp"], "A5", day(2025, 4, 3), day(2025, 4, 5), day(2025, 5, 1))
    dossier(directory["stp"], "A6", day(2025, 4, 3), day(2025, 4, 5), day(2025, 5, 1))
    services.refresh_computed(on_time, DAY)
    summary = selectors.summary(on_time, datetime.date(2025, 11, 1))
    assert (summary["value"], summary["status"]) == (Decimal("33.333333"), AT_RISK)


def test_the_daily_command_refreshes_published_plans(on_time, directory):
    dossier(directory["stp"], "A1", datetime.date(2025, 1, 5), None, datetime.date(2025, 1, 6))
    out = io.StringIO()
    call_command("refreshindicators", "--date", "2025-02-01", stdout=out)
    assert out.getvalue().strip() == "1 values"
    assert IndicatorValue.objects.get().value == Decimal(100)
