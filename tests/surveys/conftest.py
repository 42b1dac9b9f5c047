"""The surveys' fixtures: the directory and users of tests.web, and one-stop dossiers."""

import pytest
from tests.web.factories import _media, directory, users  # noqa: F401

from cchc.accounts.predicates import SYSTEM
from cchc.onestop import services as onestop

HEADER = "Mã hồ sơ,Thủ tục,Cơ quan,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả"


def _rows(prefix: str, procedure: str, agency: str, count: int, finished: bool = True) -> list[str]:
    done = "10/03/2025" if finished else ""
    return [
        f"{prefix}-{i:03d},{procedure},{agency},Trực tiếp,02/03/2025,12/03/2025,{done}"
        for i in range(count)
    ]


@pytest.fixture
def dossiers(directory):  # noqa: F811
    """Province A: Sở Tư pháp 100 (procedure LLTP) + 10 (Chứng thực) returned, 5 still open;
    Sở TT&TT 50 (LLTP). Province B: 30 at its Sở Tư pháp."""
    lines = [HEADER]
    lines += _rows("STP", "Cấp phiếu lý lịch tư pháp", "a-stp", 100)
    lines += _rows("STPC", "Chứng thực bản sao", "a-stp", 10)
    lines += _rows("STPO", "Cấp phiếu lý lịch tư pháp", "a-stp", 5, finished=False)
    lines += _rows("TT", "Cấp phiếu lý lịch tư pháp", "a-stttt", 50)
    onestop.import_file(directory["a"], "\n".join(lines).encode(), "a.csv", user=SYSTEM)
    b = [HEADER, *_rows("B", "Cấp phiếu lý lịch tư pháp", "b-stp", 30)]
    onestop.import_file(directory["b"], "\n".join(b).encode(), "b.csv", user=SYSTEM)
