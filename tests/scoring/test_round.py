"""A whole round through the services: framework from XLSX, two units self-assess (one item
from live plan data), the office lowers an item with a reason, the unit replies once, the
round closes; ranking, .docx and .xlsx; units see results only after closing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook
from tests.web.factories import draft_plan, published_plan, task  # noqa: F401

from cchc.plans.models import Task
from cchc.scoring import documents, frameworks, selectors, services
from cchc.scoring.models import Assessment, ItemScore, Round

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2025, 12, 10)


def _framework(directory, users):
    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    data = frameworks.to_xlsx(frameworks.renamed(spec, year=2025, code="so-2025"))
    return services.save_framework(frameworks.from_xlsx(data), directory["a"], users["office"])


def _round(directory, users):
    framework = _framework(directory, users)
    return services.open_round(
        framework,
        2025,
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 20),
        datetime.date(2025, 12, 15),
        users["office"],
    )


def _score(assessment, code):
    return assessment.scores.select_related("item").get(item__code=code)


def _fill(assessment, user, level="1"):
    for score in assessment.scores.select_related("item"):
        method = score.item.method
        kwargs = {"points": None, "value": None}
        if method == "survey":
            continue
        if method in ("binary", "levels"):
            kwargs["points"] = score.item.max_self if method == "binary" else level
        elif method in ("bands", "proportional"):
            kwargs["value"] = "80"
        elif method in ("deduction", "bonus"):
            kwargs["points"] = "0"
        services.save_score(
            score,
            user,
            **kwargs,
            links="/plans/1/",
            explanation="",
            day=DAY,
            files=[SimpleUploadedFile("kh.pdf", b"%PDF-1.4")] if method == "levels" else [],
        )


def test_a_whole_round(directory, users, published_plan):  # noqa: F811
    Task.objects.filter(pk=task(published_plan, "2").pk).update(
        completed_on=datetime.date(2025, 11, 1)
    )
    the_round = _round(directory, users)
    units = {a.unit.code: a for a in the_round.assessments.select_related("unit")}
    assert {"a-snv", "a-stp", "a-stttt"} <= set(units)
    stttt, stp = units["a-stttt"], units["a-stp"]

    _fill(stttt, users["focal_stttt"])
    _fill(stp, users["focal_stp"], level="0.5")
    live = _score(stttt, "1.1.4")
    live.refresh_from_db()
    # Sở TT&TT: tasks 1 (not done) and 2 (done on time) due in 2025 → 50 % → band [0;70) → 0.
    assert live.value == D("50.00") and live.self_points == 0
    assert "1" in live.computation and "2" in live.computation and "50" in live.computation

    with pytest.raises(ValidationError):  # no evidence and no explanation
        services.save_score(_score(stp, "1.1.2"), users["focal_stp"], points=1, day=DAY)
    with pytest.raises(PermissionDenied):  # another unit's assessment
        services.save_score(
            _score(stp, "1.1.2"), users["focal_stttt"], points=1, links="x", day=DAY
        )
    with pytest.raises(ValidationError):  # outside the window
        services.save_score(
            _score(stp, "1.1.2"),
            users["focal_stp"],
            points=1,
            links="x",
            day=datetime.date(2025, 12, 21),
        )

    services.submit(stttt, users["focal_stttt"], day=DAY)
    services.submit(stp, users["focal_stp"], day=DAY)
    with pytest.raises(PermissionDenied):
        services.start_appraisal(the_round, users["focal_stp"])
    services.start_appraisal(the_round, users["office"])

    lowered = _score(stp, "1.1.2")
    with pytest.raises(ValidationError):  # an adjustment needs a reason
        services.appraise(lowered, users["office"], points=0)
    with pytest.raises(PermissionDenied):
        services.appraise(lowered, users["office_b"], points=0, reason="x")
    services.appraise(lowered, users["office"], points=0, reason="Không có dự toán kinh phí")
    services.send_back(stp, users["office"], day=DAY)
    services.send_back(stttt, users["office"], day=DAY)

    # Before the round closes the unit sees only its own assessment and no appraised points.
    assert [a.unit.code for a in selectors.assessments_for(users["focal_stp"], the_round)] == [
        "a-stp"
    ]
    stp.refresh_from_db()
    assert not selectors.appraisal_visible(users["focal_stp"], stp)
    assert selectors.appraisal_visible(users["office"], stp)

    services.reply(stp, users["focal_stp"], {lowered.pk: "Đã bố trí kinh phí tại QĐ 12"}, day=DAY)
    with pytest.raises(ValidationError):  # once only
        services.reply(stp, users["focal_stp"], {lowered.pk: "lần hai"}, day=DAY)
    services.decide(_score(stp, "1.1.2"), users["office"], points=0, reason="Giữ nguyên")
    for score in ItemScore.objects.filter(assessment__round=the_round, item__method="survey"):
        services.set_survey_points(score, users["office"], "4.5")
    services.close_round(the_round, users["office"])
    the_round.refresh_from_db()
    assert the_round.state == Round.State.CLOSED
    stp.refresh_from_db()
    assert stp.status == Assessment.Status.FINAL
    assert selectors.appraisal_visible(users["focal_stp"], stp)
    assert len(selectors.assessments_for(users["focal_stp"], the_round)) == len(units)

    results = selectors.results(the_round)
    rows = {r.assessment.unit.code: r for r in results.rows}
    # Max: 10 (area 1) + 12 (area 2) + 5 (survey) = 27; the bonus adds no maximum.
    assert rows["a-stp"].maximum == 27
    # Sở Tư pháp: area 1 = 0.5 + 0 (lowered) + 1 + live 0 % of its 1 task → 0 + live 0 of
    # its reports sent (the 1 it claimed does not count) + 1 + 0 + 3 × 80 % = 4.9;
    # area 2 = 10 × 80 % + 2 × 80 % = 9.6; survey 4.5 → 19 / 27 = 70.37 %.
    assert rows["a-stp"].by_item["1"].points == D("4.90")
    assert _score(stp, "1.2.1").self_points == 0 and "0/" in _score(stp, "1.2.1").computation
    assert rows["a-stp"].points == D("19.00")
    assert rows["a-stp"].index == D("70.37")
    assert rows["a-stttt"].rank == 1 and rows["a-stp"].rank == 2
    assert rows["a-snv"].rank == 3  # never scored: only nothing but 0 points
    assert rows["a-stp"].band == "Trung bình"

    decision = Document(io.BytesIO(documents.render_docx(results)))
    text = "\n".join(p.text for p in decision.paragraphs) + "\n".join(
        c.text for t in decision.tables for row in t.rows for c in row.cells
    )
    assert "Sở Tư pháp" in text and "70,37" in text and "{{" not in text
    sheet = load_workbook(io.BytesIO(documents.render_xlsx(results))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [[v[2], v[5]] for v in values if v[2] == "Sở Tư pháp"][0] == ["Sở Tư pháp", 70.37]

    # History of every score: the lowered item has its self, appraised and final versions.
    history = lowered.history.order_by("history_date")
    assert [h.appraised_points for h in history][-1] == 0
    assert any(h.self_points == 1 for h in history)


def test_framework_import_reports_every_bad_row_in_vietnamese_and_saves_nothing(
    directory, users, settings
):
    settings.LANGUAGE_CODE = "vi"
    from django.utils import translation

    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    book = load_workbook(io.BytesIO(frameworks.to_xlsx(spec)))
    sheet = book["Bộ chỉ số"]
    sheet["C3"] = 9  # 1.1: total 9 ≠ 5 + 0
    sheet["F4"] = "không rõ"  # 1.1.1: unknown method
    sheet["G7"] = "(90;100]=2 | [70;90)=1 | [0;70)=0"  # 90 falls nowhere
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override("vi"), pytest.raises(frameworks.FrameworkError) as caught:
        frameworks.from_xlsx(buffer.getvalue(), "khung.xlsx")
    errors = caught.value.errors
    assert any(e.startswith("Dòng 3") for e in errors), errors
    assert any(e.startswith("Dòng 4") for e in errors), errors
    assert any(e.startswith("Dòng 7") for e in errors), errors
    from cchc.scoring.models import Framework

    assert not Framework.objects.exists()
    with pytest.raises(PermissionDenied):
        services.save_framework(spec, directory["a"], users["office_b"])
    assert not Framework.objects.exists()


def test_ranking_groups_ties_and_last_year(directory, users):
    """Departments rank together; equal indices share a rank; last year's index is shown."""
    from tests.web.factories import unit

    from cchc.agencies.models import Kind

    unit("a-bql", "Ban Quản lý các khu công nghiệp", Kind.BOARD, directory["a"])
    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    made = {}
    for year in (2024, 2025):
        framework = services.save_framework(
            frameworks.renamed(spec, year=year, code=f"so-{year}"), directory["a"], users["office"]
        )
        made[year] = services.open_round(
            framework,
            year,
            datetime.date(year, 12, 1),
            datetime.date(year, 12, 20),
            datetime.date(year, 12, 15),
            users["office"],
        )
    points = {  # final points of item 1.3 (max 3) by unit and year
        2024: {"a-snv": "1", "a-stp": "2", "a-stttt": "2", "a-bql": "0"},
        2025: {"a-snv": "3", "a-stp": "2", "a-stttt": "2", "a-bql": "1"},
    }
    for year, the_round in made.items():
        for code, value in points[year].items():
            ItemScore.objects.filter(
                assessment__round=the_round, assessment__unit__code=code, item__code="1.3"
            ).update(final_points=D(value))
    services.start_appraisal(made[2024], users["office"])
    services.close_round(made[2024], users["office"])
    rows = {r.assessment.unit.code: r for r in selectors.results(made[2025]).rows}
    assert len({r.assessment.group for r in rows.values()}) == 1  # board ranked with the sở
    assert [rows[c].rank for c in ("a-snv", "a-stp", "a-stttt", "a-bql")] == [1, 2, 2, 4]
    assert rows["a-stp"].index == rows["a-stttt"].index == D("7.41")  # 2 / 27
    assert rows["a-snv"].last_year == D("3.70") and rows["a-snv"].change == D("7.41")


def test_reply_deadline_and_a_closed_round_stays_closed(directory, users):
    the_round = _round(directory, users)
    stp = the_round.assessments.get(unit=directory["stp"])
    _fill(stp, users["focal_stp"])
    services.submit(stp, users["focal_stp"], day=DAY)
    services.start_appraisal(the_round, users["office"])
    lowered = _score(stp, "1.1.2")
    services.appraise(lowered, users["office"], points=0, reason="Thiếu")
    services.send_back(stp, users["office"], day=DAY)  # 5 days to reply
    late = DAY + datetime.timedelta(days=6)
    with pytest.raises(ValidationError):
        services.reply(stp, users["focal_stp"], {lowered.pk: "muộn"}, day=late)
    with pytest.raises(PermissionDenied):  # another unit cannot reply for it
        services.reply(stp, users["focal_stttt"], {lowered.pk: "thay"}, day=DAY)
    services.close_round(the_round, users["office"])
    with pytest.raises(ValidationError):  # closing is final: no way back to appraisal
        services.start_appraisal(the_round, users["office"])
    with pytest.raises(ValidationError):
        services.appraise(lowered, users["office"], points=1, reason="sửa sau khi công bố")
    assert ItemScore.objects.get(pk=lowered.pk).final_points == 0


def test_a_closed_rounds_results_are_cached_and_an_open_rounds_never(directory, users):
    from django.core.cache import cache

    the_round = _round(directory, users)
    stp = the_round.assessments.get(unit=directory["stp"])
    first = selectors.results(the_round)
    ItemScore.objects.filter(assessment=stp, item__code="1.3").update(self_points=3)
    assert selectors.results(the_round).rows != first.rows  # open: always computed afresh
    services.start_appraisal(the_round, users["office"])
    services.close_round(the_round, users["office"])
    cache.clear()
    closed = selectors.results(Round.objects.get(pk=the_round.pk))
    with django_assert_no_queries_on_scores():
        again = selectors.results(Round.objects.get(pk=the_round.pk))
    assert [(r.assessment.pk, r.index, r.rank) for r in again.rows] == [
        (r.assessment.pk, r.index, r.rank) for r in closed.rows
    ]


class django_assert_no_queries_on_scores:
    """No query reads the score table inside the block."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        assert not [q for q in self.context.captured_queries if "scoring_itemscore" in q["sql"]]
