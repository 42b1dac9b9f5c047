"""Every route, every role: a forbidden request changes no table, whatever it sends.

The routes come from the URL resolver: each named route (but the admin's) is
either a write with a scenario below, a self-service route, or a read whose POST
must write nothing. A new route fails :func:`test_every_route_is_classified`
until it is taught here.

A write scenario names the rightful user and a payload that the rightful user
gets accepted. The same payload is first sent by each forbidden role (anonymous,
a focal point of another agency, a focal point of another province, a leader,
the reform office of another province): every table of every installed app
(count and a hash of its rows, including reports, indicators, notifications,
dossiers and the history tables) and the uploaded files must be unchanged after
each. Then the rightful user sends it and the snapshot must change: the payload
was valid, so the refusals above came from authorisation, not from form
validation.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient
from tests.web.factories import small_plan_json, task, unit

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.agencies.models import Kind
from cchc.agencies.services import COLUMNS
from cchc.indicators import services as indicators
from cchc.indicators.models import Indicator
from cchc.notifications.models import Notification
from cchc.onestop import services as onestop
from cchc.plans import services as plans
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportCycle
from cchc.scoring import frameworks as scoring_frameworks
from cchc.scoring import services as scoring
from cchc.surveys import services as surveys
from cchc.surveys.models import Questionnaire
from cchc.tracking import services as tracking
from cchc.tracking import spreadsheets

pytestmark = pytest.mark.django_db

FORBIDDEN = ("anonymous", "focal_other_agency", "focal_b", "leader", "office_b")


def named_routes(resolver=None, namespace=""):
    """(full name, argument names, number of positional arguments) of every named route.

    Unnamed routes are allowed only under admin/ (its catch-all redirect).
    """
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                assert namespace == "admin:", f"unnamed route {entry.pattern}"
                continue
            regex = entry.pattern.regex
            yield (
                namespace + entry.name,
                sorted(regex.groupindex),
                regex.groups - len(regex.groupindex),
            )


# --- the snapshot -------------------------------------------------------------------------


def snapshot() -> dict[str, tuple[int, str]]:
    """Every table of every installed model: (row count, hash of all rows), and the media files.

    Sessions are left out: signing in and the messages framework write them for
    every request, refused or not.
    """
    state = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model is Session:
                continue
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
            rows = cursor.fetchall()
            state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    state["media files"] = (len(files), hashlib.sha256(repr(files).encode()).hexdigest())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )


# --- the world: province A with plans, reports, indicators, dossiers, notifications; B ------

PLAN_TEXT = """ỦY BAN NHÂN DÂN TỈNH A
Số: 9/KH-UBND
KẾ HOẠCH Cải cách hành chính năm 2025
| STT | Nội dung | Cơ quan chủ trì | Thời gian |
| 1 | Rà soát thủ tục hành chính | Sở Tư pháp | Quý II/2025 |
"""
DOSSIERS_2025 = "\n".join(
    [
        "Mã hồ sơ,Thủ tục,Cơ quan,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả",
        "HS-101,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,02/04/2025,05/04/2025,04/04/2025",
        "HS-102,Cấp phiếu lý lịch tư pháp,a-stp,Trực tuyến,03/04/2025,08/04/2025,09/04/2025",
    ]
)


@pytest.fixture
def world(users, directory, published_plan):
    users = dict(users)
    users["focal_other_agency"], _password = create_user(
        "focal_snv", Role.FOCAL_POINT, directory["snv"]
    )
    office = users["office"]
    draft = plans.import_plan_json(small_plan_json(), directory["a"], office)
    victim = task(published_plan, "2")  # led by Sở TT&TT, nobody else assigned
    tracking.post_update(
        victim,
        users["focal_stttt"],
        expected_version=victim.version,
        action="progress",
        progress=10,
        note="bản gốc",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")],
    )
    victim.refresh_from_db()
    update = victim.updates.get()
    reporting.ensure_regime(published_plan, office)  # pages create it on first sight
    cycle = ReportCycle.objects.filter(plan=published_plan).order_by("pk").first()
    indicator = Indicator.objects.get(target__plan=published_plan)
    batch, _found = onestop.preview(
        directory["a"], SimpleUploadedFile("hoso.csv", DOSSIERS_2025.encode()), office
    )
    notification = Notification.objects.create(
        user=users["focal_stttt"], kind="overdue", text="Nhiệm vụ quá hạn", url="/"
    )
    lonely = unit("a-x9", "Ủy ban nhân dân xã Chín", Kind.COMMUNE, directory["a"])
    return {
        "users": users,
        "directory": directory,
        "plan": published_plan,
        "draft": draft,
        "draft_task": task(draft, "2"),
        "task": victim,
        "update": update,
        "evidence": update.evidence.get(),
        "cycle": cycle,
        "indicator": indicator,
        "batch": batch,
        "notification": notification,
        "lonely": lonely,
    }


# --- the write scenarios ------------------------------------------------------------------


@dataclass
class Write:
    route: str
    rightful: str
    kwargs: Callable[[dict], dict]
    payload: Callable[[dict], dict]  # called for each request: fresh files, current versions
    api: bool = False
    prepare: Callable[[Client, dict], None] | None = None  # e.g. the dry run before a confirm
    forbidden: tuple[str, ...] = FORBIDDEN
    setup: Callable[[dict], None] | None = None  # once, before the first request


def _management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _plan_fields() -> dict:
    return {
        "kind": "ke_hoach",
        "issuer": "Ủy ban nhân dân tỉnh A",
        "number": "77/KH-UBND",
        "signed": "20/12/2024",
        "title": "Kế hoạch viết tay",
        "period_start": "01/01/2025",
        "period_end": "31/12/2025",
    }


def _task_fields(w: dict, version) -> dict:
    return {
        "version": "" if version is None else version,
        "ref": "9",
        "parent": "",
        "area": "other",
        "content": "Nội dung đã sửa",
        "lead": [f"a:{w['directory']['stp'].pk}"],
        "coop": [],
        **_management("d", 1),
        "d-0-product": "Báo cáo",
        "d-0-deadline_raw": "Quý IV/2025",
        "d-0-deadline_kind": "",
    }


def _directory_csv(w: dict) -> SimpleUploadedFile:
    rows = [",".join(COLUMNS), "a-stp,Sở Tư pháp (đổi tên),,department,a,,,,1"]
    return SimpleUploadedFile("danh-muc.csv", "\n".join(rows).encode("utf-8"))


def _cycles(w: dict) -> dict:
    """The regime formset as shown, plus one new cycle."""
    existing = list(ReportCycle.objects.filter(plan=w["plan"]).order_by("data_start", "pk"))
    data = _management("form", len(existing) + 1, len(existing))
    rows = [
        {
            "id": c.pk,
            "kind": c.kind,
            "label": c.label,
            "data_start": c.data_start.isoformat(),
            "data_end": c.data_end.isoformat(),
            "due": c.due.isoformat(),
        }
        for c in existing
    ]
    rows.append(
        {
            "id": "",
            "kind": ReportCycle._meta.get_field("kind").choices[0][0],
            "label": "Kỳ bổ sung",
            "data_start": "2025-01-01",
            "data_end": "2025-03-15",
            "due": "2025-03-20",
        }
    )
    for i, row in enumerate(rows):
        data.update({f"form-{i}-{k}": v for k, v in row.items()})
    return data


def _my_tasks_file(client: Client, w: dict) -> bytes:
    """Sở TT&TT's "my tasks" export with task 2 at 70%."""
    owner = Client()
    owner.force_login(w["users"]["focal_stttt"])
    workbook = load_workbook(io.BytesIO(owner.get("/my-tasks/?export=xlsx").content))
    headers = [c.header for c in spreadsheets.TASK_LIST]
    for row in workbook.active.iter_rows(min_row=2):
        if row[0].value == w["task"].pk:
            row[headers.index("Tiến độ (%)")].value = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _dry_run_first(client: Client, w: dict) -> None:
    data = _my_tasks_file(client, w)
    client.post(
        "/my-tasks/import/",
        {"file": SimpleUploadedFile("nhiem-vu.xlsx", data, spreadsheets.CONTENT_TYPE)},
    )


def _value(w: dict) -> dict:
    period = w["indicator"].periods(timezone.localdate())[0]
    return {"agency": "whole", "period": period.key, "value": "42", "note": "số liệu quý"}


def _deleted_draft_task(w: dict) -> None:
    """The draft's task deleted in review (undoable until publishing)."""
    task = w["draft_task"]
    type(task).all_objects.filter(pk=task.pk).update(deleted_at=timezone.now())


def _computed(w: dict) -> None:
    """The indicator measured from the one-stop data, with dossiers to measure."""
    office = w["users"]["office"]
    onestop.import_file(w["directory"]["a"], DOSSIERS_2025.encode(), "hoso-2025.csv", user=office)
    indicator = w["indicator"]
    indicators.configure(
        indicator,
        office,
        scope=indicator.scope,
        agencies=[],
        period_kind="quarter",
        metric="on_time_rate",
    )


def _sipas() -> Questionnaire:
    return Questionnaire.objects.get(code="sipas-2017")


def _dossiers_2025(w: dict) -> None:
    onestop.import_file(
        w["directory"]["a"], DOSSIERS_2025.encode(), "hoso-2025.csv", user=w["users"]["office"]
    )


def _kiosk(w: dict):
    """A survey kiosk of Sở Tư pháp (province A)."""
    if "kiosk" not in w:
        w["kiosk"] = surveys.open_kiosk(
            w["users"]["office"], _sipas(), w["directory"]["stp"], "Quầy 1"
        )
    return w["kiosk"]


def _survey_link(w: dict):
    """A one-time survey link of Sở Tư pháp (province A)."""
    if "link" not in w:
        w["link"] = surveys.invite(w["users"]["office"], _sipas(), w["directory"]["stp"])
    return w["link"]


def _inspection(w: dict):
    """An inspection plan of province A (every department), its visits chosen."""
    if "inspection" not in w:
        from decimal import Decimal

        from cchc.inspections import services as inspections

        office = w["users"]["office"]
        found = inspections.create_plan(
            office, w["directory"]["a"], 2025, "Kiểm tra 2025", {"department": Decimal(100)}
        )
        inspections.choose(office, found, "random", 1)
        w["inspection"] = found
    return w["inspection"]


def _paper_form(w: dict) -> dict:
    """A SIPAS paper form of Sở Tư pháp (province A), every question answered."""
    data = {"agency": w["directory"]["stp"].pk, "submitted_on": "2025-05-02", "consent": "on"}
    for question in _sipas().questions.all():
        data[f"q_{question.pk}"] = "góp ý" if question.kind == "text" else "4"
    return data


NONE = lambda w: {}  # noqa: E731
PLAN = lambda w: {"plan_pk": w["plan"].pk}  # noqa: E731
DRAFT = lambda w: {"plan_pk": w["draft"].pk}  # noqa: E731
DRAFT_TASK = lambda w: {"plan_pk": w["draft"].pk, "task_pk": w["draft_task"].pk}  # noqa: E731
INDICATOR = lambda w: {"id": w["indicator"].pk}  # noqa: E731
FOCAL_USER = lambda w: {"user_pk": w["users"]["focal_stttt"].pk}  # noqa: E731

WRITES = [
    Write(
        "plans:import",
        "office",
        NONE,
        lambda w: {
            "document": SimpleUploadedFile("ke-hoach.txt", PLAN_TEXT.encode()),
            "province": w["directory"]["a"].pk,
            "year": "2025",
        },
    ),
    Write(
        "plans:create",
        "office",
        NONE,
        lambda w: {**_plan_fields(), "province": w["directory"]["a"].pk},
    ),
    Write("plans:edit", "office", DRAFT, lambda w: _plan_fields()),
    Write(
        "plans:mentions",
        "office",
        DRAFT,
        lambda w: {
            "text": "Sở TT&TT",
            "choice": f"a:{w['directory']['snv'].pk}",
            "new_kind": "other",
        },
    ),
    Write("plans:publish", "office", DRAFT, NONE),
    Write("plans:task_add", "office", DRAFT, lambda w: _task_fields(w, None)),
    Write(
        "plans:task_edit",
        "office",
        DRAFT_TASK,
        lambda w: _task_fields(w, type(w["draft_task"]).objects.get(pk=w["draft_task"].pk).version),
    ),
    Write("plans:task_delete", "office", DRAFT_TASK, NONE),
    Write("plans:task_restore", "office", DRAFT_TASK, NONE, setup=_deleted_draft_task),
    Write(
        "plans:amend",
        "office",
        PLAN,
        lambda w: {**_plan_fields(), "province": w["directory"]["a"].pk, "reason": "QĐ 12/QĐ-UBND"},
    ),
    Write(
        "plans:task_amend_add",
        "office",
        PLAN,
        lambda w: {**_task_fields(w, None), "reason": "QĐ 12/QĐ-UBND"},
    ),
    Write(
        "plans:task_amend",
        "office",
        lambda w: {"plan_pk": w["plan"].pk, "task_pk": w["task"].pk},
        lambda w: {
            **_task_fields(w, type(w["task"]).objects.get(pk=w["task"].pk).version),
            "reason": "QĐ 12/QĐ-UBND",
        },
    ),
    Write("plans:unpublish", "office", PLAN, lambda w: {"reason": "Sửa theo QĐ 12/QĐ-UBND"}),
    Write(
        "tracking:task",
        "focal_stttt",
        lambda w: {"task_pk": w["task"].pk},
        lambda w: {
            "version": type(w["task"]).objects.get(pk=w["task"].pk).version,
            "action": "progress",
            "progress": "55",
            "note": "cập nhật",
            "completed_on": "",
            "files": SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 x"),
        },
    ),
    Write(
        "task-updates",
        "focal_stttt",
        lambda w: {"pk": w["task"].pk},
        lambda w: {
            "version": type(w["task"]).objects.get(pk=w["task"].pk).version,
            "action": "progress",
            "progress": 60,
            "note": "qua API",
        },
        api=True,
    ),
    Write(
        "task-updates",
        "focal_stttt",
        lambda w: {"pk": w["task"].pk, "format": "json"},
        lambda w: {
            "version": type(w["task"]).objects.get(pk=w["task"].pk).version,
            "action": "progress",
            "progress": 65,
            "note": "qua API",
        },
        api=True,
    ),
    Write(
        "portal:my_tasks_import_confirm",
        "focal_stttt",
        NONE,
        NONE,
        prepare=_dry_run_first,
    ),
    Write("agencies:import", "office", NONE, lambda w: {"file": _directory_csv(w)}),
    Write("agencies:delete", "office", lambda w: {"agency_pk": w["lonely"].pk}, NONE),
    Write(
        "onestop:upload",
        "office",
        NONE,
        lambda w: {
            "file": SimpleUploadedFile("hoso.csv", DOSSIERS_2025.encode()),
            "province": w["directory"]["a"].pk,
        },
    ),
    Write(
        "onestop:batch",
        "office",
        lambda w: {"batch_pk": w["batch"].pk},
        lambda w: {"action": "confirm"},
    ),
    Write("indicators:enter_value", "office", INDICATOR, _value),
    Write(
        "indicators:configure",
        "office",
        INDICATOR,
        lambda w: {"scope": "province", "period_kind": "month", "metric": "online_share"},
    ),
    Write("indicators:refresh", "office", INDICATOR, NONE, setup=_computed),
    Write(
        "notifications:read",
        "focal_stttt",
        NONE,
        lambda w: {"id": w["notification"].pk},
    ),
    Write("reporting:plan", "office", PLAN, _cycles),
    Write("surveys:paper", "office", lambda w: {"questionnaire_pk": _sipas().pk}, _paper_form),
    Write(
        "surveys:links",
        "office",
        NONE,
        lambda w: {
            "start": "2025-01-01",
            "end": "2025-12-31",
            "margin": "0.05",
            "seed": "1",
            "questionnaire": _sipas().pk,
            "format": "csv",
        },
        setup=lambda w: onestop.import_file(
            w["directory"]["a"], DOSSIERS_2025.encode(), "hoso-2025.csv", user=w["users"]["office"]
        ),
    ),
    Write(
        "surveys:receipt",
        "office",
        NONE,
        lambda w: {
            "questionnaire": Questionnaire.objects.get(code="ho-so-nd61").pk,
            "agency": w["directory"]["stp"].pk,
            "dossier_code": "HS-101",
        },
        setup=_dossiers_2025,
    ),
    Write(
        "surveys:kiosks",
        "office",
        NONE,
        lambda w: {
            "name": "Quầy 2",
            "questionnaire": _sipas().pk,
            "agency": w["directory"]["stp"].pk,
        },
    ),
    Write(
        "surveys:kiosk_close", "office", lambda w: {"kiosk_pk": _kiosk(w).pk}, NONE, setup=_kiosk
    ),
    # office_b creates an inspection plan of its own province B: not forbidden.
    Write(
        "inspections:index",
        "office",
        NONE,
        lambda w: {"title": "Kiểm tra CCHC 2025", "year": "2025", "quota_department": "40"},
        forbidden=("anonymous", "focal_other_agency", "focal_b", "leader"),
    ),
    Write(
        "inspections:plan",
        "office",
        lambda w: {"plan_pk": _inspection(w).pk},
        lambda w: {"method": "risk", "seed": "7"},
        setup=_inspection,
    ),
    Write(
        "inspections:visit",
        "office",
        lambda w: {"visit_pk": _inspection(w).visits.first().pk},
        lambda w: {"action": "record", "visited_on": "2025-10-02", "conclusion": "Tốt"},
        setup=_inspection,
    ),
    Write(
        "accounts_users:invite",
        "office",
        NONE,
        lambda w: {
            "username": "dau-moi-moi",
            "full_name": "Nguyễn Văn B",
            "email": "",
            "role": "focal_point",
            "agency": w["directory"]["stp"].pk,
        },
    ),
    Write(
        "accounts_users:edit",
        "office",
        FOCAL_USER,
        lambda w: {"role": "focal_point", "agency": w["directory"]["stp"].pk},
    ),
    Write("accounts_users:active", "office", FOCAL_USER, lambda w: {"active": "0"}),
    Write("accounts_users:reset", "office", FOCAL_USER, NONE),
    Write(
        "reporting:consolidated",
        "office",
        PLAN,
        lambda w: {
            "number": "12/BC-UBND",
            "recipients": "Bộ Nội vụ",
            "signer_for": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Nguyễn Văn A",
        },
    ),
    Write(
        "reporting:report",
        "focal_stttt",
        lambda w: {"plan_pk": w["plan"].pk, "agency_pk": w["directory"]["stttt"].pk},
        lambda w: {
            "action": "save",
            "cycle": w["cycle"].pk,
            "result_modernization": "Đã nâng cấp cổng dịch vụ công",
            "shortcomings": "Chưa có",
            "causes": "",
            "proposals": "",
        },
    ),
]


def _scoring(w: dict) -> dict:
    """A reform-index round of province A, open today, with Sở TT&TT's assessment."""
    if "scoring" not in w:
        office, today = w["users"]["office"], timezone.localdate()
        spec = scoring_frameworks.load_sample(
            scoring_frameworks.SAMPLES / "camau-1880-2013-so.json"
        )
        framework = scoring.save_framework(spec, w["directory"]["a"], office)
        day = datetime.timedelta(days=5)
        the_round = scoring.open_round(framework, 2025, today - day, today + day, today, office)
        assessment = the_round.assessments.get(unit=w["directory"]["stttt"])
        score = assessment.scores.filter(item__method="binary").order_by("item__position").first()
        w["scoring"] = {"framework": framework, "round": the_round, "assessment": assessment}
        w["scoring"]["score"] = score
    return w["scoring"]


def _scoring_evidence(w: dict):
    """An evidence file of Sở TT&TT's assessment."""
    score = _scoring(w)["score"]
    scoring.save_score(
        score,
        w["users"]["focal_stttt"],
        points="0",
        files=[SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4")],
    )
    return score.files.get()


def _scoring_filled(w: dict) -> None:
    """Sở TT&TT has scored every item (submittable)."""
    found = _scoring(w)
    for score in found["assessment"].scores.select_related("item"):
        method, pts, value = score.item.method, None, None
        if method == "survey":
            continue
        if method in ("bands", "proportional"):
            value = "80"
        else:
            pts = "0" if method in ("deduction", "bonus") else score.item.max_self
        scoring.save_score(
            score, w["users"]["focal_stttt"], points=pts, value=value, explanation="giải trình"
        )


def _scoring_in_appraisal(w: dict) -> None:
    _scoring_filled(w)
    found = _scoring(w)
    scoring.submit(found["assessment"], w["users"]["focal_stttt"])
    scoring.start_appraisal(found["round"], w["users"]["office"])


def _scoring_council(w: dict) -> None:
    """Province A's leader sits on the council of a round in appraisal."""
    _scoring_in_appraisal(w)
    found = _scoring(w)
    scoring.set_council(found["round"], w["users"]["office"], [w["users"]["leader"]])


SCORING_FW = lambda w: {"pk": w["scoring"]["framework"].pk}  # noqa: E731
SCORING_ROUND = lambda w: {"pk": w["scoring"]["round"].pk}  # noqa: E731
SCORING_ASSESSMENT = lambda w: {"pk": w["scoring"]["assessment"].pk}  # noqa: E731
SCORING_SCORE = lambda w: {"pk": w["scoring"]["score"].pk}  # noqa: E731
NOT_OFFICE_B = ("anonymous", "focal_other_agency", "focal_b", "leader")

WRITES += [
    # office_b may import a framework for its own province B: not forbidden.
    Write(
        "scoring:framework_import",
        "office",
        NONE,
        lambda w: {"sample": "bnv-1150-2019-tinh.json"},
        forbidden=NOT_OFFICE_B,
    ),
    Write(
        "scoring:round_create",
        "office",
        SCORING_FW,
        lambda w: {
            "year": "2026",
            "opens": "2026-11-01",
            "closes": "2026-12-01",
            "cutoff": "2026-11-15",
        },
        setup=_scoring,
    ),
    Write(
        "scoring:round_state",
        "office",
        SCORING_ROUND,
        lambda w: {"action": "appraisal"},
        setup=_scoring,
    ),
    Write(
        "scoring:score_save",
        "focal_stttt",
        SCORING_SCORE,
        lambda w: {"points": "0", "explanation": "giải trình"},
        setup=_scoring,
    ),
    Write(
        "scoring:assessment_action",
        "focal_stttt",
        SCORING_ASSESSMENT,
        lambda w: {"action": "submit"},
        setup=_scoring_filled,
    ),
    Write(
        "scoring:score_appraise",
        "office",
        SCORING_SCORE,
        lambda w: {"action": "appraise", "points": "0", "reason": "thiếu tài liệu"},
        setup=_scoring_in_appraisal,
    ),
    Write(
        "scoring:round_council",
        "office",
        SCORING_ROUND,
        lambda w: {"members": [str(w["users"]["leader"].pk)]},
        setup=_scoring,
    ),
    # Only a council member votes: not the office itself, not the unit assessed.
    Write(
        "scoring:score_vote",
        "leader",
        SCORING_SCORE,
        lambda w: {"points": "0", "reason": "thiếu tài liệu"},
        setup=_scoring_council,
        forbidden=(
            "anonymous",
            "focal_other_agency",
            "focal_stttt",
            "focal_b",
            "office",
            "office_b",
        ),
    ),
]

# Each user writes only their own row here; the anonymous visitor nothing.
SELF_SERVICE = [
    Write(
        "notifications:preferences",
        "focal_stttt",
        NONE,
        lambda w: {
            "due_soon": "on",
            "overdue": "on",
            "reports": "",
            "escalations": "",
            "email": "",
        },
        forbidden=("anonymous",),
    ),
]

# Signing in and out, the language switch, the API token: sessions and the user's own
# token, open to anyone by design.
PUBLIC = {"login", "logout", "set_language", "api-token"}
# Act only on the signed-in user's own password (Django's views; the old password or a
# mailed one-time token is asked for), never on anybody else's.
PUBLIC |= {"password_change", "password_change_done", "accounts_users:set_password"}
# The survey answer form: anyone holding a one-time link (the link is the credential,
# tests/surveys checks one answer per link and dossier).
PUBLIC |= {"surveys:respond"}
# The kiosk's sends: anyone holding the kiosk's address (tests/surveys/test_kiosk.py: one
# answer per submission id and per dossier; a stopped kiosk takes none).
PUBLIC |= {"surveys:kiosk_send"}

# A POST that writes nothing for anybody: the dry run keeps the file in the session.
DRY_RUN = {"portal:my_tasks_import"}


def _url(write: Write, w: dict) -> str:
    return reverse(write.route, kwargs=write.kwargs(w))


def _client(write: Write, w: dict, role: str):
    client = APIClient() if write.api else Client()
    if role != "anonymous":
        client.force_login(w["users"][role])
    return client


def _send(client, write: Write, w: dict):
    url = _url(write, w)
    if write.api:
        return client.post(url, write.payload(w), format="json")
    return client.post(url, write.payload(w))


def _check(write: Write, w: dict) -> None:
    if write.setup:
        write.setup(w)
    for role in write.forbidden:
        client = _client(write, w, role)
        if write.prepare:
            write.prepare(client, w)
        before = snapshot()
        response = _send(client, write, w)
        assert response.status_code < 500, f"{role}: {response.status_code}"
        changed = changed_tables(before, snapshot())
        assert changed == [], f"{write.route} as {role} ({response.status_code}) wrote {changed}"
    client = _client(write, w, write.rightful)
    if write.prepare:
        write.prepare(client, w)
    before = snapshot()
    response = _send(client, write, w)
    assert response.status_code < 400, f"{write.route} as {write.rightful}: {response.status_code}"
    assert changed_tables(
        before, snapshot()
    ), f"{write.route}: the rightful {write.rightful} wrote nothing: the payload is not valid"


@pytest.mark.parametrize(
    "write",
    WRITES + SELF_SERVICE,
    ids=[f"{x.route}-{i}" for i, x in enumerate(WRITES + SELF_SERVICE)],
)
def test_a_forbidden_role_writes_nothing_with_a_payload_the_rightful_user_gets_accepted(
    world, write
):
    _check(write, world)


def test_every_route_is_classified():
    written = {w.route for w in WRITES + SELF_SERVICE}
    routes = {name for name, _params, _n in named_routes() if not name.startswith("admin:")}
    classified = written | PUBLIC | DRY_RUN | set(READS)
    assert routes - classified == set(), "teach test_permissions.py these routes"
    assert classified - routes == set(), "routes that no longer exist"


# --- reads: a POST to them writes nothing, for anybody --------------------------------------

READS = {
    "portal:home": NONE,
    "portal:plan_dashboard": PLAN,
    "portal:plan_tasks": PLAN,
    "portal:plan_export": lambda w: {"plan_pk": w["plan"].pk, "fmt": "xlsx"},
    "portal:my_tasks": NONE,
    "portal:overview": NONE,
    "portal:late_agencies": NONE,
    "portal:indicators": NONE,
    "accounts_users:list": NONE,
    "accounts_users:no_role": NONE,
    "plans:list": NONE,
    "plans:detail": DRAFT,
    "plans:source": DRAFT,
    "plans:download": DRAFT,
    "tracking:evidence": lambda w: {"evidence_pk": w["evidence"].pk},
    "agencies:list": NONE,
    "agencies:export": lambda w: {"fmt": "csv"},
    "onestop:statistics": NONE,
    "surveys:results": NONE,
    "surveys:sample": NONE,
    "surveys:slip": lambda w: {"token": _survey_link(w).token},
    "surveys:kiosk": lambda w: {"token": _kiosk(w).token},
    "public:home": NONE,
    "public:plan": PLAN,
    "public:surveys": NONE,
    "public:index": NONE,
    "public:inspections": NONE,
    "public:data": NONE,
    "public:schema": NONE,
    "public:dataset": lambda w: {"name": "tasks", "fmt": "csv"},
    "indicators:detail": INDICATOR,
    "notifications:list": NONE,
    "notifications:escalations": NONE,
    "reporting:owed": NONE,
    "reporting:consolidated_file": lambda w: {"plan_pk": w["plan"].pk, "fmt": "xlsx"},
    "agency-list": NONE,
    "agency-detail": lambda w: {"pk": w["directory"]["a"].pk},
    "plan-list": NONE,
    "plan-detail": lambda w: {"pk": w["plan"].pk},
    "plan-figures": lambda w: {"pk": w["plan"].pk},
    "task-list": NONE,
    "task-detail": lambda w: {"pk": w["task"].pk},
    "update-list": NONE,
    "update-detail": lambda w: {"pk": w["update"].pk},
    "api-root": NONE,
    "api-schema": NONE,
    "api-docs": NONE,
    "scoring:index": NONE,
    "scoring:framework_export": lambda w: {"pk": _scoring(w)["framework"].pk},
    "scoring:round": lambda w: {"pk": _scoring(w)["round"].pk},
    "scoring:results": lambda w: {"pk": _scoring(w)["round"].pk},
    "scoring:results_file": lambda w: {"pk": _scoring(w)["round"].pk, "fmt": "xlsx"},
    "scoring:assessment": lambda w: {"pk": _scoring(w)["assessment"].pk},
    "scoring:evidence": lambda w: {"pk": _scoring_evidence(w).pk},
    "scoring-framework-list": NONE,
    "scoring-framework-detail": lambda w: {"pk": _scoring(w)["framework"].pk},
    "scoring-round-list": NONE,
    "scoring-round-detail": lambda w: {"pk": _scoring(w)["round"].pk},
    "scoring-round-results": lambda w: {"pk": _scoring(w)["round"].pk},
    "scoring-assessment-list": NONE,
    "scoring-assessment-detail": lambda w: {"pk": _scoring(w)["assessment"].pk},
}


def _everything(w: dict) -> dict:
    """Every field any write above sends, at once, aimed at province A's objects."""
    data = {}
    for write in WRITES:
        data.update({k: v for k, v in write.payload(w).items() if not hasattr(v, "read")})
    data["file"] = _directory_csv(w)
    return data


def test_a_post_to_a_read_route_writes_nothing(world):
    roles = ("anonymous", "focal_other_agency", "focal_stttt", "focal_b", "leader", "office")
    roles += ("office_b",)
    for name, kwargs in READS.items():
        url = reverse(name, kwargs=kwargs(world))
        for role in roles:
            client = Client()
            if role != "anonymous":
                client.force_login(world["users"][role])
            before = snapshot()
            response = client.post(url, _everything(world))
            assert response.status_code < 500, f"POST {url} as {role}: {response.status_code}"
            for method in ("put", "patch", "delete"):
                response = getattr(client, method)(url, {}, content_type="application/json")
                assert response.status_code < 500, f"{method} {url}: {response.status_code}"
            changed = changed_tables(before, snapshot())
            assert changed == [], f"POST {url} as {role} wrote {changed}"


def test_the_dry_run_writes_nothing_even_for_the_owner(world):
    client = Client()
    client.force_login(world["users"]["focal_stttt"])
    data = _my_tasks_file(client, world)
    before = snapshot()
    response = client.post(
        "/my-tasks/import/",
        {"file": SimpleUploadedFile("nhiem-vu.xlsx", data, spreadsheets.CONTENT_TYPE)},
    )
    assert response.status_code == 200 and "70%" in response.content.decode()
    assert changed_tables(before, snapshot()) == []


def test_the_snapshot_sees_every_kind_of_row(world):
    """The snapshot is not blind: it notices a report, a notification, a dossier batch."""
    before = snapshot()
    Notification.objects.filter(pk=world["notification"].pk).update(read_at=timezone.now())
    assert changed_tables(before, snapshot()) == ["notifications.Notification"]
    labels = set(before)
    for label in (
        "reporting.AgencyReport",
        "indicators.IndicatorValue",
        "onestop.Dossier",
        "onestop.ImportBatch",
        "notifications.Notification",
        "plans.HistoricalTask",
        "tracking.Evidence",
        "agencies.Agency",
        "auth.User",
    ):
        assert label in labels
