"""Items scored from live data: every figure read through its app's selector, the
computation in Vietnamese beside the points, the same for the unit and the office."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from tests.web.factories import draft_plan, published_plan  # noqa: F401

from cchc.indicators import services as indicators
from cchc.indicators.models import Indicator
from cchc.periods import Period
from cchc.plans.models import Plan
from cchc.scoring import engine, frameworks, live, services
from cchc.scoring.engine import ItemSpec, Level
from cchc.surveys import services as surveys
from cchc.surveys.models import Question, Questionnaire

pytestmark = pytest.mark.django_db
D = Decimal
CUTOFF = datetime.date(2025, 12, 31)


def test_plan_issued_on_time_late_or_missing(directory, published_plan):  # noqa: F811
    # The small plan is issued by "Ủy ban nhân dân tỉnh A" on 20/12/2024: the province's own.
    province = directory["a"]
    with translation.override("vi"):
        on_time = live.plan_issued(province, 2025, CUTOFF, datetime.date(2024, 12, 31))
        late = live.plan_issued(province, 2025, CUTOFF, datetime.date(2024, 12, 15))
        missing = live.plan_issued(directory["stp"], 2025, CUTOFF, datetime.date(2024, 12, 31))
        unset = live.plan_issued(province, 2025, CUTOFF, None)
    assert on_time.rate == 100 and "1/KH-UBND" in on_time.computation
    assert "kịp thời = 100%" in on_time.computation
    assert late.rate == 50 and "không kịp thời" in late.computation
    assert missing.rate == 0 and "Chưa có kế hoạch" in missing.computation
    assert unset.rate is None
    # A plan issued by Sở Tư pháp itself counts for Sở Tư pháp.
    Plan.objects.filter(pk=published_plan.pk).update(issuer="Sở Tư pháp")
    own = live.plan_issued(directory["stp"], 2025, CUTOFF, datetime.date(2024, 12, 31))
    assert own.rate == 100


def test_a_live_rate_on_a_levels_item_takes_the_highest_level_it_reaches():
    item = ItemSpec(
        "1.1.1",
        "Ban hành kế hoạch",
        D(1),
        method="levels",
        levels=(Level("Kịp thời", D(1)), Level("Không kịp thời", D("0.5")), Level("Không", D(0))),
    )
    assert [engine.points_for(item, v) for v in (100, 50, 99, 10, 0)] == [
        1,
        D("0.5"),
        D("0.5"),
        0,
        0,
    ]
    assert engine.points_for(item, points="0.5") == D("0.5")  # chosen by hand as before


def test_targets_met_read_from_the_indicator_selectors(directory, users, published_plan):  # noqa: F811
    indicator = Indicator.objects.get(target__plan=published_plan)  # "100% văn bản được rà soát"
    quarter = Period("quarter", datetime.date(2025, 10, 1))
    figure = live.targets_met(directory["stp"], 2025, CUTOFF)
    assert figure.rate == 0 and figure.computation.startswith("0/1 chỉ tiêu")
    indicators.enter_value(
        indicator, users["office"], agency=directory["stp"], period=quarter, value=D(100)
    )
    with translation.override("vi"):
        met = live.targets_met(directory["stp"], 2025, CUTOFF)
        other = live.targets_met(directory["stttt"], 2025, CUTOFF)  # no own value: the headline
    assert met.rate == 100 and "1/1 chỉ tiêu" in met.computation and "100,00%" in met.computation
    assert other.rate == 100  # the headline is the worst agency series: the only one, met
    indicators.enter_value(
        indicator, users["office"], agency=directory["stttt"], period=quarter, value=D(40)
    )
    assert live.targets_met(directory["stttt"], 2025, CUTOFF).rate == 0
    assert live.targets_met(directory["stp"], 2025, CUTOFF).rate == 100
    assert live.targets_met(directory["stp"], 2026, CUTOFF).rate is None  # nothing for 2026


def test_survey_satisfaction_and_the_suggested_survey_points(directory, users):
    questionnaire = Questionnaire.objects.get(code="sipas-2017")
    scale = list(questionnaire.questions.filter(kind=Question.Kind.SCALE))
    good = max(questionnaire.satisfied_values)
    bad = min(
        v for v in range(1, questionnaire.scale_max + 1) if v not in questionnaire.satisfied_values
    )
    for value in (good, good, good, bad):
        surveys.enter_paper(
            users["office"],
            questionnaire,
            directory["stp"],
            datetime.date(2025, 5, 2),
            {q: value for q in scale},
            {},
        )
    with translation.override("vi"):
        figure = live.survey_satisfaction(directory["stp"], 2025, CUTOFF)
        none = live.survey_satisfaction(directory["stttt"], 2025, CUTOFF)
    assert figure.rate == 75 and "4 phiếu" in figure.computation and "75,00%" in figure.computation
    assert none.rate is None

    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    items = tuple(
        dataclasses.replace(i, live="survey_satisfaction") if i.code == "3.1" else i
        for i in spec.items
    )
    framework = services.save_framework(
        frameworks.renamed(spec, items=items, year=2025), directory["a"], users["office"]
    )
    the_round = services.open_round(
        framework,
        2025,
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 20),
        CUTOFF,
        users["office"],
    )
    score = the_round.assessments.get(unit=directory["stp"]).scores.get(item__code="3.1")
    services.set_survey_points(score, users["office"])  # no points: from the results
    score.refresh_from_db()
    assert score.survey_points == D("3.75") and "75" in score.computation  # 75 % × 5
    services.set_survey_points(score, users["office"], "4")  # the office may still decide
    score.refresh_from_db()
    assert score.survey_points == 4
    other = the_round.assessments.get(unit=directory["stttt"]).scores.get(item__code="3.1")
    with pytest.raises(ValidationError):  # no results and no points
        services.set_survey_points(other, users["office"])


def test_reports_count_only_when_sent_on_time_and_complete(directory, users, published_plan):  # noqa: F811
    from cchc.reporting import services as reporting
    from cchc.reporting.models import AgencyReport, ReportCycle

    reporting.ensure_regime(published_plan, users["office"])
    cycles = list(ReportCycle.objects.filter(plan=published_plan, due__year=2025).order_by("due"))
    assert cycles
    stp = directory["stp"]
    moment = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    AgencyReport.objects.create(cycle=cycles[0], agency=stp, status="accepted", submitted_at=moment)
    if len(cycles) > 1:
        AgencyReport.objects.create(
            cycle=cycles[1], agency=stp, status="returned", submitted_at=moment
        )
    figure = live.reports_on_time(stp, 2025, CUTOFF)
    assert figure.rate == engine.q2(D(100) / len(cycles))
    assert figure.computation.startswith(f"1 of {len(cycles)}") or figure.computation.startswith(
        f"1/{len(cycles)}"
    )
