"""Shared test data: a small directory of two provinces, one user per role, plans.

Imported by each test folder's conftest.py (``from web.factories import *``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cchc.accounts.models import Role
from cchc.accounts.predicates import SYSTEM
from cchc.accounts.services import create_user
from cchc.agencies.models import Agency, Kind
from cchc.agencies.services import save_agency
from cchc.plans import services as plans

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD_FILES = sorted((SHARED / "gold").glob("*.json"))
SEED_FILES = sorted((SHARED / "seeds").glob("*.txt"))
PASSWORD = "mật-khẩu-thử-1234"


def unit(code, name, kind, parent=None, **extra) -> Agency:
    return save_agency(Agency(code=code, name=name, kind=kind, parent=parent, **extra), SYSTEM)


@pytest.fixture
def directory(db):
    """Province A (departments, a district with a commune, a 2-level commune) and province B."""
    a = unit("a", "Ủy ban nhân dân tỉnh A", Kind.PROVINCE, short_name="Tỉnh A")
    b = unit("b", "Ủy ban nhân dân tỉnh B", Kind.PROVINCE, short_name="Tỉnh B")
    district = unit("a-h1", "Ủy ban nhân dân huyện Một", Kind.DISTRICT, a, valid_to="2025-06-30")
    return {
        "a": a,
        "b": b,
        "snv": unit("a-snv", "Sở Nội vụ", Kind.DEPARTMENT, a),
        "stp": unit("a-stp", "Sở Tư pháp", Kind.DEPARTMENT, a),
        "stttt": unit(
            "a-stttt", "Sở Thông tin và Truyền thông", Kind.DEPARTMENT, a, aliases="Sở TT&TT"
        ),
        "district": district,
        "commune": unit(
            "a-x1", "Ủy ban nhân dân xã Một", Kind.COMMUNE, district, valid_to="2025-06-30"
        ),
        "commune2": unit(
            "a-x2", "Ủy ban nhân dân xã Mới", Kind.COMMUNE, a, valid_from="2025-07-01"
        ),
        "b_snv": unit("b-snv", "Sở Nội vụ", Kind.DEPARTMENT, b),
        "b_stp": unit("b-stp", "Sở Tư pháp", Kind.DEPARTMENT, b),
    }


@pytest.fixture
def users(directory):
    made = {}
    for name, role, agency in [
        ("admin", Role.ADMIN, None),
        ("office", Role.REFORM_OFFICE, directory["snv"]),
        ("office_b", Role.REFORM_OFFICE, directory["b_snv"]),
        ("focal_stp", Role.FOCAL_POINT, directory["stp"]),
        ("focal_stttt", Role.FOCAL_POINT, directory["stttt"]),
        ("focal_b", Role.FOCAL_POINT, directory["b_stp"]),
        ("leader", Role.LEADER, directory["a"]),
    ]:
        made[name], _password = create_user(name, role, agency, PASSWORD)
    return made


# A small plan in the PlanDraft JSON format: task 1 led by Sở Tư pháp with Sở TT&TT
# cooperating, task 2 led by Sở TT&TT, task 3 led by a group, 3.a a sub-row of 3.
SMALL_PLAN = {
    "source": "small.txt",
    "document": {
        "kind": "ke_hoach",
        "issuer": "Ủy ban nhân dân tỉnh A",
        "number": "1/KH-UBND",
        "signed": "2024-12-20",
        "title": "Kế hoạch CCHC năm 2025",
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
    },
    "tasks": [
        {
            "ref": "1",
            "parent": None,
            "area": "institutions",
            "content": "Rà soát văn bản quy phạm pháp luật",
            "lead": ["Sở Tư pháp"],
            "coop": ["Sở TT&TT"],
            "deliverables": [
                {
                    "product": "Báo cáo",
                    "deadline_raw": "Quý I/2025",
                    "deadline": {"kind": "date", "start": None, "due": "2025-03-31"},
                }
            ],
            "source": {"line": 3},
        },
        {
            "ref": "2",
            "parent": None,
            "area": "modernization",
            "content": "Nâng cấp cổng dịch vụ công",
            "lead": ["Sở Thông tin và Truyền thông"],
            "coop": [],
            "deliverables": [
                {
                    "product": None,
                    "deadline_raw": "Tháng 11/2025",
                    "deadline": {"kind": "date", "start": None, "due": "2025-11-30"},
                }
            ],
            "source": {"line": 5},
            "doubts": ["thời hạn đọc từ ô gộp"],
        },
        {
            "ref": "3",
            "parent": None,
            "area": "direction",
            "content": "Tuyên truyền về cải cách hành chính",
            "lead": ["Các sở, ban, ngành"],
            "coop": ["Sở Nội vụ"],
            "deliverables": [
                {
                    "product": None,
                    "deadline_raw": "Thường xuyên",
                    "deadline": {"kind": "recurring", "start": None, "due": None},
                }
            ],
            "source": {"line": 7},
        },
        {
            "ref": "3.a",
            "parent": "3",
            "area": "direction",
            "content": "Tổ chức hội thi",
            "lead": ["Sở Nội vụ"],
            "coop": [],
            "deliverables": [
                {
                    "product": None,
                    "deadline_raw": "Quý III/2025",
                    "deadline": {"kind": "date", "start": None, "due": "2025-09-30"},
                }
            ],
            "source": {"line": 8},
        },
    ],
    "targets": [
        {
            "text": "100% văn bản được rà soát",
            "comparator": ">=",
            "value": 100,
            "unit": "%",
            "due": "2025-12-31",
        }
    ],
}


def small_plan_json() -> dict:
    return copy.deepcopy(SMALL_PLAN)


def gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def draft_plan(directory, users):
    return plans.import_plan_json(small_plan_json(), directory["a"], users["office"])


@pytest.fixture
def published_plan(draft_plan, users):
    return plans.publish_plan(draft_plan, users["office"])


def task(plan, ref):
    return plan.tasks.get(ref=ref)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
