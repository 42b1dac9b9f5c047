"""The services of plans, agencies and one-stop check the acting user themselves.

So the REST API, management commands and imports cannot skip the rule the pages
apply: each write is called here directly, as users who may not make it, and
must raise PermissionDenied with the database unchanged; the reform office of the
province (and SYSTEM, the actor of commands) may.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.factories import small_plan_json, task
from tests.web.test_permissions import DOSSIERS_2025, PLAN_TEXT, changed_tables, snapshot

from cchc.accounts.predicates import SYSTEM
from cchc.onestop import services as onestop
from cchc.onestop.models import ImportBatch
from cchc.plans import services as plans
from cchc.plans.models import Plan

pytestmark = pytest.mark.django_db

OUTSIDERS = ("office_b", "focal_stp", "leader")


def _refused(call) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        call()
    assert changed_tables(before, snapshot()) == []


def test_plan_writes_check_the_user(users, directory, draft_plan):
    first = task(draft_plan, "1")
    for name in OUTSIDERS:
        user = users[name]
        _refused(
            lambda user=user: plans.start_import(
                SimpleUploadedFile("k.txt", PLAN_TEXT.encode()), directory["a"], user
            )
        )
        _refused(lambda user=user: plans.import_plan_json(small_plan_json(), directory["a"], user))
        _refused(lambda user=user: plans.save_plan(draft_plan, {"title": "X"}, user))
        _refused(
            lambda user=user: plans.save_task(
                first,
                first.version,
                {"ref": "1", "parent": None, "area": "", "content": "X"},
                [],
                [],
                [],
                user,
            )
        )
        _refused(lambda user=user: plans.delete_task(first, user))
        _refused(
            lambda user=user: plans.map_mentions(draft_plan, "Sở Tư pháp", "ignore", user=user)
        )
        _refused(lambda user=user: plans.map_mentions(draft_plan, "Sở Tư pháp", "new", user=user))
        _refused(lambda user=user: plans.publish_plan(draft_plan, user))
    _refused(lambda: plans.publish_plan(draft_plan, None))  # nobody is not the system
    # the office of B cannot create a plan for A by naming A as the province
    _refused(
        lambda: plans.save_plan(Plan(province=directory["a"]), {"title": "X"}, users["office_b"])
    )
    # the rightful office and the system
    assert plans.publish_plan(draft_plan, users["office"]).status == Plan.Status.PUBLISHED
    assert (
        plans.import_plan_json(small_plan_json(), directory["b"], SYSTEM).province
        == (directory["b"])
    )


def test_one_stop_writes_check_the_province(users, directory):
    def upload():
        return SimpleUploadedFile("hoso.csv", DOSSIERS_2025.encode())

    for name in OUTSIDERS:
        user = users[name]
        _refused(lambda user=user: onestop.preview(directory["a"], upload(), user))
        _refused(
            lambda user=user: onestop.import_file(
                directory["a"], DOSSIERS_2025.encode(), "h.csv", user=user
            )
        )
    batch, _found = onestop.preview(directory["a"], upload(), users["office"])
    for name in OUTSIDERS:
        _refused(lambda user=users[name]: onestop.remap(batch, batch.mapping, user))
        _refused(lambda user=users[name]: onestop.confirm(batch, user))
    assert onestop.confirm(batch, users["office"]).status == ImportBatch.Status.DONE
