"""A one-stop export that unpacks into far more than it weighs is refused before
openpyxl holds it (issue 9): the import reads through the shared bounded reader."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from tests import hostile

from cchc.accounts.predicates import SYSTEM
from cchc.onestop import parsing, services
from cchc.onestop.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_shared_strings_bomb_is_refused_with_the_reason_before_unpacking(directory):
    # 150 MB of strings in well under 1 MB; the peak memory of such files is
    # measured by benchmarks/fuzz_uploads.py.
    data = hostile.xlsx_shared_strings_bomb(150)
    assert len(data) < 1_000_000
    with pytest.raises(ValidationError) as caught:
        services.import_file(directory["a"], data, "hoso.xlsx", user=SYSTEM)
    message = " ".join(caught.value.messages)
    assert message.startswith("Không đọc được tệp Excel (.xlsx): phần xl/sharedStrings.xml")
    assert ImportBatch.objects.count() == 0


def test_declared_dimension_does_not_widen_the_rows(directory):
    header = ["Mã hồ sơ", "Cơ quan", "Ngày tiếp nhận"]
    data = hostile.xlsx_declared(rows=6001, header=header)
    rows = list(parsing.read_rows(io.BytesIO(data), "hoso.xlsx"))
    assert rows[0] == header and max(len(r) for r in rows) <= len(header)
