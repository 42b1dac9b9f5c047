"""Every page, as every role, in Vietnamese: no English tell-tale words and no
msgid of the catalogue shown untranslated (issue 10).

The pages come from the URL resolver (as in test_permissions.py): a new page is
walked automatically. Each is fetched with GET as the administrator, the reform
office, a focal point, a leader and a user without a role; every HTML answer
(200, 403, 404) is read as a person would: the text between the tags, plus the
``title``, ``placeholder`` and ``aria-label`` attributes.
"""

from __future__ import annotations

import html
import re

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from tests.web.test_permissions import named_routes
from tests.web.test_translations import PO

from cchc.onestop.models import ImportBatch
from cchc.plans.models import Task
from cchc.scoring import frameworks as scoring_frameworks
from cchc.scoring import services as scoring
from cchc.surveys.models import Questionnaire
from cchc.tracking import services

pytestmark = pytest.mark.django_db

# Words that only an English page shows. Kept small and specific: each is a word no
# Vietnamese sentence, agency name or plan number of the test data contains.
TELL_TALES = re.compile(
    r"\b(the|and|of|with|your|you|this|please|page|row|continued|year|years|reminders?|"
    r"digests?|forbidden|not found|English|overdue|task|tasks|plan|plans|report|reports|"
    r"agency|agencies|save|submit|cancel|delete|search|settings|users?)\b",
    re.IGNORECASE,
)
# Routes that do not answer with a page: files, the API, sign-out, the language switch,
# and the Django admin (English-named models are checked by test_admin_pages.py).
SKIPPED = re.compile(
    r"^(admin:|api-|api$|logout$|set_language$|.*export|.*_file$|.*-list$|.*-detail$)"
)
SKIPPED_NAMES = {"tracking:evidence", "api-root", "api-schema", "api-docs", "api-token"}
# The open-data page documents the files' column names, which are identifiers (its
# descriptions are Vietnamese: tests/portal/test_public.py).
SKIPPED_NAMES |= {"public:data"}
# A task number with the extraction's internal suffix ("VI.4#2.1").
INTERNAL_REF = re.compile(r"\w#\d")
ATTRIBUTES = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')


def visible_text(page: str) -> str:
    """What a reader sees: no script, style or tags; the attributes read out."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    shown = " ".join(ATTRIBUTES.findall(page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + shown)


@pytest.fixture(scope="module")
def msgids():
    """The catalogue's sentences (several words, no placeholder), which a page in
    Vietnamese shows only if they were left untranslated."""
    found = []
    for entry in polib.pofile(str(PO)):
        text = entry.msgid
        if entry.msgstr == text or "%" in text or "{" in text or len(text.split()) < 3:
            continue
        found.append(text)
    return found


@pytest.fixture
def everything(published_plan, users, directory):
    victim = published_plan.tasks.get(ref="2")
    # What extraction leaves on a task: a repeated number kept unique, a two-language doubt.
    published_plan.tasks.filter(pk=victim.pk).update(
        ref="2#2", doubts=["dòng nối qua trang / row continued after a page break"]
    )
    victim.history.update(ref="2#2")  # as if extracted so: no change of number in its history
    victim.refresh_from_db()
    update = services.post_update(
        victim,
        users["focal_stttt"],
        expected_version=victim.version,
        action="progress",
        progress=10,
        note="đang làm",
        files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF")],
    )
    batch = ImportBatch.objects.create(
        province=published_plan.province, file_name="hoso.csv", status=ImportBatch.Status.DONE
    )
    get_user_model().objects.create_user("chua_co_vai_tro", password="x-y-z-1234-abc")
    return {
        "task": victim,
        "plan": published_plan,
        "update": update,
        "agency": directory["stttt"],
        "batch": batch,
        **_reform_index(users, directory),
    }


def _reform_index(users, directory) -> dict:
    """A reform-index round open today, Sở TT&TT's assessment with one evidence file."""
    office, today = users["office"], timezone.localdate()
    spec = scoring_frameworks.load_sample(scoring_frameworks.SAMPLES / "camau-1880-2013-so.json")
    framework = scoring.save_framework(spec, directory["a"], office)
    day = timezone.timedelta(days=5)
    the_round = scoring.open_round(framework, 2025, today - day, today + day, today, office)
    assessment = the_round.assessments.get(unit=directory["stttt"])
    score = assessment.scores.filter(item__method="binary").order_by("item__position").first()
    scoring.save_score(
        score, users["focal_stttt"], points="0", files=[SimpleUploadedFile("mc.pdf", b"%PDF")]
    )
    return {
        "framework": framework,
        "round": the_round,
        "assessment": assessment,
        "score": score,
        "evidence": score.files.get(),
    }


# The object each reform-index route's <pk> names.
SCORING_PK = {
    "scoring:framework_export": "framework",
    "scoring:round_create": "framework",
    "scoring:round": "round",
    "scoring:round_state": "round",
    "scoring:round_council": "round",
    "scoring:results": "round",
    "scoring:results_file": "round",
    "scoring:assessment": "assessment",
    "scoring:assessment_action": "assessment",
    "scoring:score_save": "score",
    "scoring:score_appraise": "score",
    "scoring:score_vote": "score",
    "scoring:evidence": "evidence",
    "scoring-framework-detail": "framework",
    "scoring-round-detail": "round",
    "scoring-round-results": "round",
    "scoring-assessment-detail": "assessment",
}


def _arguments(name: str, params: list[str], t: dict) -> dict:
    """What to put in each route argument: always the objects of the victim task."""
    by_basename = {key: t[key].pk for key in ("agency", "plan", "task", "update")}
    known = {
        "plan_pk": t["plan"].pk,
        "task_pk": t["task"].pk,
        "agency_pk": t["agency"].pk,
        "evidence_pk": t["update"].evidence.get().pk,
        "fmt": "csv",
        "format": "json",
        "object_id": t["task"].pk,
        "id": t["task"].pk,
        "app_label": "plans",
        "content_type_id": ContentType.objects.get_for_model(Task).pk,
        "uidb64": "MQ",
        "token": "x",
        "batch_pk": t["batch"].pk,
        "user_pk": t["agency"].profiles.values_list("user_id", flat=True).first(),
        # The citizen questionnaires a data migration installs.
        "questionnaire_pk": Questionnaire.objects.values_list("pk", flat=True).first(),
        "kiosk_pk": 1,  # none here: the page not found
        "visit_pk": 1,
        "name": "tasks",  # an open-data file of the public portal
    }
    args = {}
    for param in params:
        if param == "pk" and name in SCORING_PK:
            args[param] = t[SCORING_PK[name]].pk
        elif param == "pk":
            basename = name.split(":")[-1].rsplit("-", 1)[0].split("-")[0]
            assert basename in by_basename, f"route {name}: teach this test what its pk is"
            args[param] = by_basename[basename]
        else:
            assert param in known, f"route {name}: teach this test what to put in <{param}>"
            args[param] = known[param]
    return args


def _problems(page: str, msgids: list[str]) -> list[str]:
    text = visible_text(page)
    found = sorted({m.group(0) for m in TELL_TALES.finditer(text)})
    found += [m for m in msgids if m in text]
    found += [f"internal ref {m.group(0)}" for m in INTERNAL_REF.finditer(text)]
    return found


@pytest.mark.parametrize("role", ["admin", "office", "focal_stp", "leader", "chua_co_vai_tro"])
def test_every_page_reads_in_vietnamese(client, users, everything, msgids, role):
    client.force_login(get_user_model().objects.get(username=role))
    english = {}
    walked = 0
    for name, params, positional in named_routes():
        if positional or name in SKIPPED_NAMES or SKIPPED.match(name):
            continue
        url = reverse(name, kwargs=_arguments(name, params, everything))
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if response.status_code not in (200, 403, 404):
            continue
        walked += 1
        found = _problems(response.content.decode(), msgids)
        if found:
            english[url] = found
    assert walked > 20
    assert english == {}


def test_the_error_pages_are_vietnamese(client, users, msgids):
    client.force_login(users["focal_stp"])
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.content.decode()
    assert _problems(missing.content.decode(), msgids) == []
    refused = client.get(reverse("accounts_users:list"))
    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.content.decode()
    assert _problems(refused.content.decode(), msgids) == []


def test_the_tell_tales_catch_english():
    assert _problems("<p>Page not found</p>", []) == ["Page", "not found"]
    assert _problems("<td>VI.4#2.1</td>", []) == ["internal ref 4#2"]
    assert _problems("<p>dòng nối qua trang / row continued after a page break</p>", [])
    assert _problems("<p>Nhiệm vụ quá hạn</p>", []) == []


def test_export_file_names_are_vietnamese(client, users, published_plan):
    """The names a downloaded file keeps on the user's disk: no "year", "quarter"."""
    from cchc.reporting import services as reporting
    from cchc.reporting.models import ReportCycle

    reporting.ensure_regime(published_plan)
    client.force_login(users["office"])
    names = []
    for cycle in ReportCycle.objects.filter(plan=published_plan, kind__in=["year", "q1"]):
        url = reverse("reporting:consolidated_file", args=[published_plan.pk, "xlsx"])
        names.append(client.get(f"{url}?cycle={cycle.pk}")["Content-Disposition"])
    for kind in ("year", "quarter", "month"):
        url = reverse("onestop:statistics") + f"?kind={kind}&year=2025&format=xlsx"
        names.append(client.get(url)["Content-Disposition"])
    assert len(names) == 5
    english = [n for n in names if re.search(r"year|quarter|month", n)]
    assert english == []
    assert any("nam-2025" in n for n in names) and any("theo-quy" in n for n in names)
