"""Every page of the Django admin answers 200: each registered model's list, its
"add" page, and the change page of one of its objects (issue 10: every change
page failed with TemplateDoesNotExist for the admin's widget templates).

The data is made so that every registered model has an object; a model added to
the admin later without one here fails ``test_every_registered_model_has_an_object``
rather than going untested.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from rest_framework.authtoken.models import Token
from tests.web.factories import PASSWORD

from cchc.agencies.models import AgencyGroup
from cchc.indicators.models import Indicator, IndicatorValue
from cchc.jobs.models import Worker
from cchc.notifications.models import Digest, Kind, Notification, Preference, Reminder
from cchc.onestop.models import Channel, Dossier, ImportBatch, Procedure
from cchc.reporting.models import AgencyReport, ReportCycle
from cchc.reporting.services import ensure_regime
from cchc.scoring import frameworks as scoring_frameworks
from cchc.scoring import services as scoring
from cchc.tracking.models import TaskUpdate


@pytest.fixture
def every_model(directory, users, published_plan):
    """At least one object of each model the admin registers."""
    plan = published_plan
    task = plan.tasks.get(ref="1")
    Group.objects.create(name="Nhóm thử")
    Token.objects.create(user=users["admin"])
    AgencyGroup.objects.get_or_create(name="Các sở, ban, ngành", defaults={"kinds": ["department"]})
    ensure_regime(plan)
    cycle = ReportCycle.objects.filter(plan=plan).first() or ReportCycle.objects.create(
        plan=plan,
        kind="quarter",
        label="Quý I/2025",
        data_start=datetime.date(2025, 1, 1),
        data_end=datetime.date(2025, 3, 15),
        due=datetime.date(2025, 3, 20),
    )
    AgencyReport.objects.create(cycle=cycle, agency=directory["stp"])
    TaskUpdate.objects.create(
        task=task, author=users["focal_stp"], agency=directory["stp"], action="progress"
    )
    indicator, _made = Indicator.objects.get_or_create(target=plan.targets.first())
    IndicatorValue.objects.create(
        indicator=indicator,
        period_kind="quarter",
        period_start=datetime.date(2025, 1, 1),
        value=Decimal("90"),
    )
    user = users["focal_stp"]
    digest = Digest.objects.create(user=user, day=datetime.date(2025, 1, 2))
    Reminder.objects.create(
        user=user,
        kind=Kind.DUE_7,
        content_type_id=1,
        object_id=task.pk,
        due_key="2025-03-31",
        digest=digest,
    )
    Notification.objects.create(user=user, kind=Kind.DUE_7, text="Sắp đến hạn", digest=digest)
    Preference.objects.create(user=user)
    batch = ImportBatch.objects.create(province=directory["a"], file_name="mot-cua.xlsx")
    procedure = Procedure.objects.create(code="1.001", name="Cấp giấy phép")
    Dossier.objects.create(
        agency=directory["stp"],
        code="HS-1",
        procedure=procedure,
        channel=Channel.choices[0][0],
        received=datetime.date(2025, 1, 3),
        batch=batch,
    )
    who = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(**who, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**who)
    AccessLog.objects.create(**who)
    now = timezone.now()
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="cchc.plans.tasks.extract_plan",
        backend_name="default",
        run_after=get_date_max(),  # the queue's "no delay"
    )
    Worker.objects.create(worker_id="w-1", host="may-1", pid=1, seen=now)
    _reform_index_round(directory, users)


def _reform_index_round(directory, users) -> None:
    """A framework and a round of the reform index, with its assessments and scores."""
    office, today = users["office"], timezone.localdate()
    spec = scoring_frameworks.load_sample(scoring_frameworks.SAMPLES / "camau-1880-2013-so.json")
    framework = scoring.save_framework(spec, directory["a"], office)
    day = datetime.timedelta(days=5)
    scoring.open_round(framework, 2025, today - day, today + day, today, office)


def _admin_client(client, users):
    assert client.login(username=users["admin"].username, password=PASSWORD)
    return client


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_registered_model_has_an_object(every_model):
    empty = [model._meta.label for model, _ in _registered() if not model._default_manager.exists()]
    assert empty == []


@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_every_admin_page_answers_200(client, users, every_model, page):
    client = _admin_client(client, users)
    failures = []
    walked = 0
    for model, model_admin in _registered():
        info = (model._meta.app_label, model._meta.model_name)
        if page == "add" and not model_admin.has_add_permission(_request(users["admin"])):
            continue
        if page == "change":
            obj = model._default_manager.order_by("pk").first()
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        else:
            url = reverse("admin:{}_{}_{}".format(*info, page))
        response = client.get(url)
        walked += 1
        if response.status_code != 200:
            failures.append((url, response.status_code))
    assert failures == []
    assert walked >= 10


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_admin_index_names_models_in_vietnamese(client, users, every_model):
    page = _admin_client(client, users).get(reverse("admin:index")).content.decode()
    for english in (">Digests<", ">Reminders<", ">Groups<"):
        assert english not in page
