"""A one-stop export that unpacks into far more than it weighs is refused before
openpyxl holds it (issue 9): the import reads through the shared bounded reader."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from tests import hostile

from cchc.onestop import parsing, services
from cchc.onestop.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_shared_strings_bomb_is_refused_with_the_reason_in_little_memory(directory):
    data = hostile.xlsx_shared_strings_bomb(150)  # 150 MB of strings in well under 1 MB
    assert len(data) < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            services.import_file(directory["a"], data, "hoso.xlsx")
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    message = " ".join(caught.value.messages)
    assert message.startswith("Không đọc được tệp Excel (.xlsx): phần xl/sharedStrings.xml")
    assert peak < 60, f"peak {peak:.0f} MB"
    assert ImportBatch.objects.count() == 0


def test_declared_dimension_does_not_widen_the_rows(directory):
    header = ["Mã hồ sơ", "Cơ quan", "Ngày tiếp nhận"]
    data = hostile.xlsx_declared(rows=6001, header=header)
    rows = list(parsing.read_rows(io.BytesIO(data), "hoso.xlsx"))
    assert rows[0] == header and max(len(r) for r in rows) <= len(header)
