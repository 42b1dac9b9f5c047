"""Every assignment carries its task's plan (the reports an agency owes are read by it)."""

import pytest
from django.db.models import F
from tests.web.factories import task

from cchc.plans.models import Assignment

pytestmark = pytest.mark.django_db


def test_published_and_created_assignments_carry_their_tasks_plan(published_plan, directory):
    assert Assignment.objects.filter(plan=published_plan).count() > 0
    assert not Assignment.objects.exclude(plan=F("task__plan")).exists()
    created = Assignment.objects.create(
        task=task(published_plan, "2"), agency=directory["snv"], role="coop"
    )
    assert created.plan_id == published_plan.pk
