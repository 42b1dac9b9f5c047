"""Indicators from targets, values entered by hand and who may enter them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.indicators import metrics, selectors, services
from cchc.indicators.attainment import AT_RISK, MET, ON_TRACK
from cchc.indicators.models import Indicator, IndicatorValue, Scope
from cchc.periods import Period
from cchc.plans.models import Target

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 7, 2)
Q1 = Period("quarter", datetime.date(2025, 1, 1))
Q2 = Period("quarter", datetime.date(2025, 4, 1))


@pytest.fixture
def indicator(published_plan):
    """ "100% văn bản được rà soát" (≥ 100 %, by 31/12/2025), the whole province."""
    return Indicator.objects.get(target__plan=published_plan)


def enter(indicator, user, agency, value, period=Q2):
    return services.enter_value(
        indicator, user, agency=agency, period=period, value=Decimal(value), day=DAY
    )


@pytest.mark.parametrize(
    ("text", "unit", "metric"),
    [
        ("Tối thiểu 95% hồ sơ giải quyết đúng hạn và trước hạn", "%", "on_time_rate"),
        ("Tỷ lệ hồ sơ TTHC xử lý trực tuyến mức độ 3, 4 đạt 20%", "%", "online_share"),
        ("30% hồ sơ được tiếp nhận qua dịch vụ bưu chính công ích", "%", "postal_receipt_share"),
        ("50% kết quả được trả qua dịch vụ bưu chính công ích", "%", "postal_return_share"),
        ("100% văn bản được rà soát", "%", ""),
        ("Ít nhất 10 thủ tục được giải quyết đúng hạn", "thủ tục", ""),  # not a rate
    ],
)
def test_metric_suggested_from_the_target_text(text, unit, metric):
    assert metrics.suggest(text, unit) == metric


def test_each_imported_target_becomes_an_indicator(published_plan):
    indicator = Indicator.objects.get(target__plan=published_plan)
    assert (indicator.comparator, indicator.value, indicator.unit) == (">=", Decimal(100), "%")
    assert indicator.due == datetime.date(2025, 12, 31)
    assert indicator.start == datetime.date(2025, 1, 1)  # the plan's period
    assert indicator.scope == Scope.PROVINCE and not indicator.metric
    made = Target.objects.create(
        plan=published_plan, text="Tối thiểu 95% hồ sơ giải quyết đúng hạn", value=95, unit="%"
    )
    assert made.indicator.metric == "on_time_rate" and not made.indicator.metric_confirmed


def test_focal_point_enters_its_own_agency_only(indicator, users, directory):
    value = enter(indicator, users["focal_stp"], directory["stp"], "40")
    assert value.value == Decimal(40) and value.entered_by == users["focal_stp"]
    enter(indicator, users["focal_stp"], directory["stp"], "55.5")  # a correction replaces it
    assert IndicatorValue.objects.get().value == Decimal("55.5")
    assert IndicatorValue.objects.get().history.count() == 2
    with pytest.raises(PermissionDenied):
        enter(indicator, users["focal_stp"], directory["stttt"], "100")
    with pytest.raises(PermissionDenied):
        enter(indicator, users["focal_stp"], None, "100")  # the whole province: the office's
    for outsider in ("focal_b", "office_b", "leader"):
        with pytest.raises(PermissionDenied):
            enter(indicator, users[outsider], directory["stp"], "100")
    assert IndicatorValue.objects.count() == 1


def test_reform_office_enters_any_agency_or_the_whole_scope(indicator, users, directory):
    enter(indicator, users["office"], directory["stttt"], "70")
    enter(indicator, users["office"], None, "80")
    assert IndicatorValue.objects.count() == 2
    with pytest.raises(ValidationError):
        enter(indicator, users["office"], directory["b_stp"], "70")  # another province
    with pytest.raises(ValidationError):
        enter(indicator, users["office"], None, "101")  # a percentage
    with pytest.raises(ValidationError):
        enter(indicator, users["office"], None, "50", Period("quarter", datetime.date(2026, 1, 1)))


def test_listed_agencies_scope(indicator, users, directory):
    services.configure(
        indicator,
        users["office"],
        scope=Scope.AGENCIES,
        agencies=[directory["stttt"]],
        period_kind="quarter",
        metric="",
    )
    enter(indicator, users["focal_stttt"], directory["stttt"], "50")
    with pytest.raises(PermissionDenied):  # Sở Tư pháp is not listed
        enter(indicator, users["focal_stp"], directory["stp"], "50")
    with pytest.raises(PermissionDenied):
        services.configure(
            indicator,
            users["focal_stp"],
            scope=Scope.PROVINCE,
            agencies=[],
            period_kind="quarter",
            metric="",
        )


def test_a_draft_plan_takes_no_values(draft_plan, users, directory):
    indicator = Indicator.objects.get(target__plan=draft_plan)
    with pytest.raises(PermissionDenied):
        enter(indicator, users["office"], directory["stp"], "50")


def test_headline_is_the_weakest_agency_without_a_whole_scope_value(indicator, users, directory):
    enter(indicator, users["focal_stp"], directory["stp"], "100")
    enter(indicator, users["focal_stttt"], directory["stttt"], "30")  # below 100 × ½ at mid-year
    summary = selectors.summary(indicator, DAY)
    assert summary["status"] == AT_RISK and summary["basis"] == "1/2 cơ quan đạt"
    enter(indicator, users["office"], None, "60")  # the office's figure for the province decides
    summary = selectors.summary(indicator, DAY)
    assert (summary["status"], summary["value"], summary["period"]) == (ON_TRACK, 60, Q2)
    enter(indicator, users["office"], None, "100", Q1)  # an older period does not count
    assert selectors.summary(indicator, DAY)["status"] == ON_TRACK
    enter(indicator, users["office"], None, "100")
    assert selectors.summary(indicator, DAY)["status"] == MET


def test_pages(client, indicator, users, directory):
    enter(indicator, users["office"], None, "40", Q1)
    enter(indicator, users["office"], None, "60")
    client.force_login(users["focal_stp"])
    page = client.get(f"/indicators/{indicator.pk}/").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    drawing = ElementTree.fromstring(svg)  # well-formed, drawn on the server
    circles = drawing.findall("{http://www.w3.org/2000/svg}circle")
    assert (
        len(circles) == 2
        and 'class="target"' in svg
        and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    )  # no external asset
    assert 'id="value-form"' in page and 'id="config-form"' not in page
    response = client.post(
        f"/indicators/{indicator.pk}/value/",
        {"agency": directory["stp"].pk, "period": Q2.key, "value": "12,5", "note": "báo cáo quý"},
    )
    assert response.status_code in (302, 400)
    response = client.post(
        f"/indicators/{indicator.pk}/value/",
        {"agency": directory["stp"].pk, "period": Q2.key, "value": "12.5", "note": "báo cáo quý"},
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get(agency=directory["stp"]).value == Decimal("12.5")
    # another agency's id is not among a focal point's choices
    response = client.post(
        f"/indicators/{indicator.pk}/value/",
        {"agency": directory["stttt"].pk, "period": Q2.key, "value": "99"},
    )
    assert response.status_code == 400
    assert not IndicatorValue.objects.filter(agency=directory["stttt"]).exists()
    client.force_login(users["leader"])
    assert client.post(f"/indicators/{indicator.pk}/value/", {}).status_code == 403
    dashboard = client.get(f"/plans/{indicator.plan.pk}/dashboard/").content.decode()
    assert 'id="indicators"' in dashboard and f"/indicators/{indicator.pk}/" in dashboard
