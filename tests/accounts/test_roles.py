import pytest
from django.contrib.auth import get_user_model

from cchc.accounts import selectors
from cchc.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_roles_and_provinces(users, directory):
    assert selectors.role(users["admin"]) == Role.ADMIN and users["admin"].is_superuser
    assert selectors.province(users["focal_stp"]) == directory["a"]
    assert selectors.province(users["office_b"]) == directory["b"]


def test_a_user_without_a_role_may_do_nothing(draft_plan):
    nobody = get_user_model().objects.create_user("nobody", password="x-y-z-1234")
    assert selectors.role(nobody) is None
    for perm in ("plans.view_plan", "plans.change_plan", "tracking.lead_task"):
        assert not nobody.has_perm(perm, draft_plan if "plan" in perm else draft_plan.tasks.first())
    assert not nobody.has_perm("agencies.change_agency")


def test_only_the_office_of_the_province_changes_its_plans(users, draft_plan):
    allowed = {
        name for name, user in users.items() if user.has_perm("plans.change_plan", draft_plan)
    }
    assert allowed == {"admin", "office"}
