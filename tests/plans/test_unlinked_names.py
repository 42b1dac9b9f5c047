""" "Tên cơ quan chưa gắn": one figure (distinct unlinked names) on every page that shows it."""

from __future__ import annotations

import io
import re

import pytest
from tests.web.factories import small_plan_json

from cchc.plans import selectors, services
from cchc.portal.management.commands.demo import Command

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(directory, users):
    data = small_plan_json()
    # two unknown names, one of them printed three times (four mentions in all)
    data["tasks"][0]["coop"].append("Văn phòng HĐND tỉnh")
    data["tasks"][1]["coop"].append("Văn phòng HĐND tỉnh")
    data["tasks"][3]["coop"].append("Văn phòng HĐND tỉnh")
    data["tasks"][1]["coop"].append("Ban Dân tộc")
    return services.import_plan_json(data, directory["a"], users["office"])


def test_list_page_demo_and_publishing_count_the_same_names(client, plan, users):
    expected = len(set(services.unresolved_mentions(plan).values_list("text", flat=True)))
    assert expected >= 2
    assert selectors.unlinked_names(plan) == expected
    client.force_login(users["office"])
    listing = client.get("/plans/").content.decode()
    assert f"{expected} tên cơ quan chưa gắn" in listing
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f"còn {expected} tên chưa gắn" in detail
    out = io.StringIO()
    Command(stdout=out)._publish(plan, "plan.txt")
    assert re.search(rf"\({expected} tên cơ quan chưa gắn", out.getvalue())
