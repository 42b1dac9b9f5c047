import datetime

import pytest
from tests.web.factories import (  # noqa: F401
    PASSWORD,
    _media,
    directory,
    draft_plan,
    published_plan,
    users,
)

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.reporting.models import ReportCycle

# Task 1 (lead Sở Tư pháp) was due 31/03/2025: overdue; task 2 (lead Sở TT&TT) is due
# 30/11/2025: 5 days left; task 3.a (lead Sở Nội vụ, no focal point) overdue.
DAY = datetime.date(2025, 11, 25)


@pytest.fixture
def people(users, directory, published_plan):  # noqa: F811 - the fixtures above
    """The users with e-mail addresses, and a leader for each of the two departments.

    The plan's report cycles (made on publishing) are removed: these tests are about
    tasks and escalations; report reminders have their own cycle (test_report_reminders).
    """
    ReportCycle.objects.filter(plan=published_plan).delete()
    made = dict(users)
    made["leader_stp"], _pw = create_user("leader_stp", Role.LEADER, directory["stp"], PASSWORD)
    made["leader_stttt"], _pw = create_user(
        "leader_stttt", Role.LEADER, directory["stttt"], PASSWORD
    )
    for name, user in made.items():
        user.email = f"{name}@example.vn"
        user.save()
    return made
