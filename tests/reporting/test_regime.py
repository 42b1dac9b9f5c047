"""The reporting regime of each seed plan, read from its stored text after an import
through the plans import service; cycles, cut-offs, the default, and the office's edits."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.reporting.helpers import write_report
from tests.web.factories import SEED_FILES

from cchc.plans import services as plans
from cchc.reporting import selectors, services
from cchc.reporting.models import ReportCycle

pytestmark = pytest.mark.django_db

# Each seed: (file name prefix, years, [(kind, due) of its first year], due dates from the text)
SEEDS = {
    "000": (
        [2019],
        [
            ("q1", date(2019, 3, 15)),
            ("h1", date(2019, 6, 15)),
            ("q3", date(2019, 9, 15)),
            ("year", date(2019, 12, 15)),
        ],
        False,
    ),
    "001": (
        [2019],
        [
            ("q1", date(2019, 3, 5)),
            ("h1", date(2019, 6, 5)),
            ("m9", date(2019, 9, 5)),
            ("year", date(2019, 11, 10)),
        ],
        True,
    ),
    "002": (
        [2016, 2017, 2018, 2019, 2020],
        [
            ("q1", date(2016, 3, 15)),
            ("q2", date(2016, 6, 15)),
            ("q3", date(2016, 9, 15)),
            ("year", date(2016, 12, 15)),
        ],
        True,
    ),
    "003": (
        [2020],
        [
            ("q1", date(2020, 3, 15)),
            ("h1", date(2020, 6, 15)),
            ("m9", date(2020, 9, 15)),
            ("year", date(2020, 12, 15)),
        ],
        False,
    ),
    "004": (
        [2017],
        [
            ("q1", date(2017, 3, 15)),
            ("h1", date(2017, 6, 15)),
            ("q3", date(2017, 9, 15)),
            ("year", date(2017, 12, 15)),
        ],
        False,
    ),
}


def _import(seed, directory, users):
    upload = SimpleUploadedFile(seed.name, seed.read_bytes())
    plan = plans.start_import(upload, directory["a"], users["office"])
    assert plan.extraction == plan.Extraction.DONE, plan.extraction_error
    return plan


@pytest.mark.skipif(not SEED_FILES, reason="no seed documents in ../shared/seeds")
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_regime_of_each_seed_plan_read_from_its_stored_text(seed, directory, users):
    years, first_year, from_text = SEEDS[seed.name[:3]]
    plan = _import(seed, directory, users)
    regime = services.ensure_regime(plan)
    assert regime.is_default == (seed.name[:3] == "000")
    cycles = list(selectors.cycles(plan))
    assert len(cycles) == 4 * len(years)
    assert [(c.kind, c.due) for c in cycles[:4]] == first_year
    assert all(c.due_from_text == from_text for c in cycles)
    # every year of a multi-year program has the same reports
    assert sorted({c.data_start.year for c in cycles}) == years
    assert [c.due for c in cycles if c.kind == "year"] == [
        first_year[-1][1].replace(year=y) for y in years
    ]
    # the data cut-off is the day before the due day (or the period's end if earlier)
    for c in cycles:
        assert c.data_start <= c.data_end < c.due or c.data_end == c.due == c.data_start
    # reading twice creates nothing more
    services.ensure_regime(plan)
    assert ReportCycle.objects.filter(plan=plan).count() == len(cycles)


@pytest.mark.skipif(not SEED_FILES, reason="no seed documents in ../shared/seeds")
def test_ha_noi_cut_offs_and_source_sentence(directory, users):
    seed = next(p for p in SEED_FILES if p.name.startswith("001"))
    plan = _import(seed, directory, users)
    regime = services.ensure_regime(plan)
    assert "mùng 05 của tháng cuối kỳ" in regime.source_text
    by_kind = {c.kind: c for c in selectors.cycles(plan)}
    assert (by_kind["q1"].label, by_kind["q1"].data_start, by_kind["q1"].data_end) == (
        "Quý I/2019",
        date(2019, 1, 1),
        date(2019, 3, 4),
    )
    assert by_kind["m9"].label == "9 tháng năm 2019"
    assert by_kind["year"].data_end == date(2019, 11, 9)


def test_a_plan_without_document_gets_the_default(published_plan):
    regime = published_plan.reporting_regime  # read when the plan was published
    assert services.ensure_regime(published_plan) == regime
    assert regime.is_default
    assert [(c.kind, c.data_end, c.due) for c in selectors.cycles(published_plan)] == [
        ("q1", date(2025, 3, 14), date(2025, 3, 15)),
        ("h1", date(2025, 6, 14), date(2025, 6, 15)),
        ("q3", date(2025, 9, 14), date(2025, 9, 15)),
        ("year", date(2025, 12, 14), date(2025, 12, 15)),
    ]


def test_the_reform_office_edits_a_cycle_and_others_cannot(client, published_plan, users):
    url = reverse("reporting:plan", kwargs={"plan_pk": published_plan.pk})
    client.force_login(users["office"])
    page = client.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {
        "form-TOTAL_FORMS": str(len(formset.forms)),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "action": "save",
    }
    for i, form in enumerate(formset.forms):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            if value is not None and name != "DELETE":
                data[f"form-{i}-{name}"] = value.pk if hasattr(value, "pk") else value
    first = formset.forms[0].instance
    data["form-0-due"] = "2025-03-20"
    data["form-0-data_end"] = "2025-03-19"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    first.refresh_from_db()
    assert (first.due, first.data_end) == (date(2025, 3, 20), date(2025, 3, 19))
    assert first.history.first().history_user == users["office"]

    client.force_login(users["focal_stp"])
    assert client.get(url).context["formset"] is None
    assert client.post(url, dict(data, **{"form-0-due": "2025-01-01"})).status_code == 403
    first.refresh_from_db()
    assert first.due == date(2025, 3, 20)


def test_reading_again_is_refused_once_reports_exist(published_plan, users, directory):
    services.ensure_regime(published_plan)
    services.reread_regime(published_plan, users["office"])  # nothing started yet: fine
    cycle = selectors.cycles(published_plan).get(kind="q1")
    write_report(cycle, directory["stp"], users["focal_stp"])
    with pytest.raises(Exception, match="Đã có cơ quan soạn báo cáo"):
        services.reread_regime(published_plan, users["office"])


def test_each_agency_sees_the_reports_it_owes(client, published_plan, users):
    client.force_login(users["focal_stp"])
    page = client.get(reverse("portal:my_tasks"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Báo cáo sắp đến hạn hoặc quá hạn" in body  # due within 30 days of 1 March
    assert "Quý I/2025" in body and "15/03/2025" in body
    listing = client.get(reverse("reporting:owed")).content.decode()
    assert "6 tháng đầu năm 2025" in listing and "15/06/2025" in listing
    # an agency without tasks in the plan owes nothing
    client.force_login(users["focal_b"])
    assert 'id="reports-owed"' not in client.get(reverse("portal:my_tasks")).content.decode()
