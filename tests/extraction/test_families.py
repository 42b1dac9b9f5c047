"""Each layout family of issue 11, on a real 2025 document of ../shared/dev and on
variants written here (labels reordered, one paragraph instead of bullets, empty
STT, other header wordings), so that a rule holds for the family, not one file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from cchc.extraction.plan import extract

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "dev"
needs_dev = pytest.mark.skipif(not (DEV / "docs").is_dir(), reason="../shared/dev not present")


def _fields(task: dict) -> tuple:
    deadlines = tuple(
        (d["deadline"]["kind"], d["deadline"]["start"], d["deadline"]["due"])
        for d in task["deliverables"]
    )
    return (" ".join(task["content"].split()), tuple(task["lead"]), tuple(task["coop"]), deadlines)


def _real(name: str) -> tuple[dict, dict]:
    plan = extract(DEV / "docs" / f"{name}.md").to_json()
    gold = json.loads((DEV / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    return plan, gold


# -- real documents -------------------------------------------------------------


@needs_dev
@pytest.mark.parametrize(
    "name",
    [
        "dong-nai-kh179-2025",  # lone-| table, groups A/B/C and Roman sections
        "quoc-hoi-nq-sap-xep-2025",  # broken markdown table, agencies by role
        "ha-noi-kh308-2025",  # "a) Nhiệm vụ / b) Cơ quan thực hiện / c) Thời gian"
        "ttg-qd2623-2025",  # "- Nội dung / Cơ quan chủ trì / Thời hạn", "+" sub-items
        "dong-thap-kh556-2025",  # responsibilities under agency headings
    ],
)
def test_a_real_plan_of_each_family_gives_the_gold_tasks(name):
    plan, gold = _real(name)
    assert len(plan["tasks"]) == len(gold["tasks"])
    assert [_fields(t) for t in plan["tasks"]] == [_fields(t) for t in gold["tasks"]]
    refs = {t["ref"] for t in plan["tasks"]}
    assert all(t["parent"] in refs for t in plan["tasks"] if t["parent"])


def _rewrapped(text: str, width: int) -> str:
    """The paragraphs of a website copy cut again at ``width`` (0: not cut), as
    another site would print them; tables and headings as they were."""
    out = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if any(line.startswith(("|", "#")) for line in lines):
            out.append(block)
            continue
        joined = " ".join(lines)
        out.append("\n".join(textwrap.wrap(joined, width)) if width else joined)
    return "\n\n".join(out)


@needs_dev
@pytest.mark.parametrize("width", [0, 60, 120, 150])
@pytest.mark.parametrize("name", ["ttg-qd2623-2025", "ha-noi-kh308-2025", "dong-thap-kh556-2025"])
def test_a_website_copy_cut_at_another_width_gives_the_same_tasks(tmp_path, name, width):
    path = tmp_path / f"{name}.md"
    path.write_text(_rewrapped((DEV / "docs" / f"{name}.md").read_text(encoding="utf-8"), width))
    plan, gold = extract(path).to_json(), _real(name)[1]
    assert [_fields(t) for t in plan["tasks"]] == [_fields(t) for t in gold["tasks"]]


@needs_dev
def test_a_decision_publishing_procedures_is_not_a_plan():
    plan, gold = _real("bo-khcn-qd4001-2025")
    assert gold["tasks"] == []
    assert plan["tasks"] == [] and plan["targets"] == []
    assert plan["not_a_plan"] is True
    assert plan["document"]["number"] == "4001/QĐ-BKHCN"


@needs_dev
def test_website_copy_header_block_and_wrapped_title():
    plan, gold = _real("dong-nai-kh179-2025")
    assert plan["document"]["number"] == gold["document"]["number"]
    assert plan["document"]["period"] == gold["document"]["period"]
    # a group row spanning the table opens a section: refs carry the letter and the numeral
    assert "A.II.2.1" in {t["ref"] for t in plan["tasks"]}
    heading = next(t for t in plan["tasks"] if t["ref"] == "B.IV.5.1")
    assert heading["lead"] == [] and heading["deliverables"][0]["deadline"]["kind"] == "none"


@needs_dev
def test_targets_stated_in_the_prose_of_a_real_plan():
    plan, gold = _real("dong-thap-kh556-2025")
    assert sorted((t["value"], t["comparator"]) for t in plan["targets"]) == sorted(
        (t["value"], t["comparator"]) for t in gold["targets"]
    )


# -- variants -----------------------------------------------------------------------

LONE_PIPES = """\
**KẾ HOẠCH**

Chuyển đổi số năm 2024

|
**TT**
|
**Nội dung công việc**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Tiến độ**
|
**Kết quả**
|
|
**I**
|
**Hạ tầng số**
|
|
** **
|
Nâng cấp mạng diện rộng của
tỉnh
|
Sở Khoa học và
Công nghệ
|
Các sở, ban,
ngành; UBND các xã, phường
|
Quý II/2024
|
Hệ thống
|
|
** **
|
Số hóa hồ sơ lưu trữ
|
Sở Nội vụ
|
** **
|
Tháng 3, tháng 9/2024
|
Báo cáo
|


|
**II**
|
**Dữ liệu số**
|
|
**Nội dung công việc**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Tiến độ**
|
**Kết quả**
|
|
** **
|
Xây dựng kho dữ liệu dùng chung
|
Báo và Phát thanh, Truyền hình tỉnh
|
Phòng Nội vụ và Phòng Tư pháp
|
Giữa năm 2024
|
Kho dữ liệu
|

Nơi nhận: như trên.
"""


def test_lone_pipe_table_with_empty_numbers_other_headers_and_two_parts(tmp_path):
    path = tmp_path / "lone.md"
    path.write_text(LONE_PIPES, encoding="utf-8")
    plan = extract(path, year=2024).to_json()

    assert [t["ref"] for t in plan["tasks"]] == ["I.-1", "I.-2", "II.-1"]
    first, second, third = plan["tasks"]
    assert first["content"] == "Nâng cấp mạng diện rộng của tỉnh"
    assert first["lead"] == ["Sở Khoa học và Công nghệ"]
    assert first["coop"] == ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    assert first["deliverables"][0]["deadline"]["due"] == "2024-06-30"
    assert first["deliverables"][0]["product"] == "Hệ thống"
    # two months, the word repeated: two deliverables
    assert [d["deadline"]["due"] for d in second["deliverables"]] == ["2024-03-31", "2024-09-30"]
    assert second["coop"] == []
    # a comma inside a known name never splits it; district offices are two agencies
    assert third["lead"] == ["Báo và Phát thanh, Truyền hình tỉnh"]
    assert third["coop"] == ["Phòng Nội vụ", "Phòng Tư pháp"]
    assert third["deliverables"][0]["deadline"]["due"] == "2024-06-30"


LABELLED = """\
KẾ HOẠCH
Triển khai dữ liệu số năm 2025

II. NHIỆM VỤ

1. Về hạ tầng

1.1. Nâng cấp trung tâm dữ liệu:

a) Thời gian thực hiện: Quý III/2025.

b) Nhiệm vụ:

- Rà soát thiết bị.

- Thay thế máy chủ cũ.

c) Cơ quan thực hiện:

- Đơn vị phối hợp: Các sở, ban, ngành.

- Đơn vị chủ trì: Sở Khoa học và Công nghệ.

1.2. Sao lưu dữ liệu. Cơ quan chủ trì: Sở Nội vụ; Thời hạn: Đầu năm 2025

2. Đào tạo kỹ năng số cho công chức

- Cơ quan chủ trì: Sở Nội vụ.

- Thời gian thực hiện: năm 2025 và các năm tiếp theo.

III. TỔ CHỨC THỰC HIỆN

Sở Khoa học và Công nghệ báo cáo trước ngày 20 hằng tháng.
"""


def test_labelled_items_in_any_order_inline_or_on_their_own_lines(tmp_path):
    path = tmp_path / "labelled.txt"
    path.write_text(LABELLED, encoding="utf-8")
    plan = extract(path, year=2025).to_json()

    by_ref = {t["ref"]: t for t in plan["tasks"]}
    assert list(by_ref) == ["II.1", "II.1.1", "II.1.2", "II.2"]
    assert by_ref["II.1"]["lead"] == [] and by_ref["II.1"]["parent"] is None
    first = by_ref["II.1.1"]
    assert first["parent"] == "II.1"
    assert first["content"] == "Nâng cấp trung tâm dữ liệu: Rà soát thiết bị. Thay thế máy chủ cũ."
    assert first["lead"] == ["Sở Khoa học và Công nghệ"]
    assert first["coop"] == ["Các sở, ban, ngành"]
    assert first["deliverables"][0]["deadline"]["due"] == "2025-09-30"
    inline = by_ref["II.1.2"]
    assert inline["content"] == "Sao lưu dữ liệu."
    assert inline["lead"] == ["Sở Nội vụ"]
    assert inline["deliverables"][0]["deadline"]["due"] == "2025-03-31"
    ongoing = by_ref["II.2"]["deliverables"][0]["deadline"]
    assert (ongoing["kind"], ongoing["start"], ongoing["due"]) == ("recurring", "2025-01-01", None)


AGENCY_HEADINGS = """\
KẾ HOẠCH
Bảo vệ môi trường năm 2025

III. NHIỆM VỤ CỤ THỂ

1. Sở Nông nghiệp và Môi trường

- Chủ trì, phối hợp với các sở, ngành, địa phương có liên quan xây dựng kế hoạch quan trắc.

- Định kỳ hằng năm, tổng hợp, báo cáo kết quả thực hiện Kế hoạch này.

2. Sở Dân tộc và Tôn giáo

Tuyên truyền trong đồng bào dân tộc thiểu số, phối hợp với Ủy ban nhân dân các xã: An Phú, Tân Hòa thực hiện đến năm 2027.

3. Ủy ban nhân dân các xã, phường

Tổ chức thực hiện Kế hoạch tại địa phương.

IV. TỔ CHỨC THỰC HIỆN

1. Các sở, ngành căn cứ Kế hoạch này xây dựng kế hoạch của đơn vị mình và báo cáo trước ngày 15/12.
"""


def test_agency_headings_with_bullets_or_one_paragraph(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_text(AGENCY_HEADINGS, encoding="utf-8")
    plan = extract(path, year=2025).to_json()

    assert [t["ref"] for t in plan["tasks"]] == ["III.1.-1", "III.1.-2", "III.2", "III.3"]
    first, second, third, fourth = plan["tasks"]
    assert first["lead"] == ["Sở Nông nghiệp và Môi trường"]
    assert first["coop"] == ["Các sở, ngành, địa phương có liên quan"]
    assert first["deliverables"][0]["deadline"]["kind"] == "none"
    assert second["deliverables"][0]["deadline"]["kind"] == "recurring"
    assert third["lead"] == ["Sở Dân tộc và Tôn giáo"]
    assert third["coop"] == ["Ủy ban nhân dân xã An Phú", "Ủy ban nhân dân xã Tân Hòa"]
    assert third["deliverables"][0]["deadline"]["due"] == "2027-12-31"
    assert fourth["lead"] == ["Ủy ban nhân dân các xã, phường"]
    assert all(t["parent"] is None for t in plan["tasks"])


REGULATION = """\
ỦY BAN NHÂN DÂN TỈNH AN GIANG
Số: 12/2025/QĐ-UBND

QUYẾT ĐỊNH
Ban hành Quy chế phối hợp quản lý dữ liệu

QUY CHẾ

Điều 1. Phạm vi điều chỉnh

1. Sở Khoa học và Công nghệ

- Chủ trì hướng dẫn việc kết nối dữ liệu.

- Phối hợp với các sở kiểm tra định kỳ hằng năm.

2. Sở Tài chính

- Bố trí kinh phí, bảo đảm 100% hệ thống được kết nối.
"""


def test_a_regulation_assigns_no_work(tmp_path):
    path = tmp_path / "quy-che.txt"
    path.write_text(REGULATION, encoding="utf-8")
    plan = extract(path).to_json()
    assert plan["tasks"] == [] and plan["targets"] == []
    assert plan["not_a_plan"] is True


def test_a_plan_is_not_flagged(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(AGENCY_HEADINGS, encoding="utf-8")
    assert "not_a_plan" not in extract(path).to_json()


BROKEN_PIPES = """\
KẾ HOẠCH xây dựng văn bản năm 2025

| STT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | Cơ quan thẩm tra | Tiến độ | Hồ sơ |
|
| I. Văn bản của Hội đồng nhân dân |
| | Nghị quyết về phí thẩm định | Ủy ban nhân dân tỉnh | Sở Tài chính (Sở Tư pháp phối hợp chuẩn bị) |
| Ban Pháp chế chủ trì thẩm tra
| Trình trước ngày 15/3/2025 | - Hồ sơ trình gồm Tờ trình, dự thảo |
| Nghị quyết về học phí | Ủy ban nhân dân tỉnh | Sở Giáo dục và Đào tạo [1] |
| Theo tiến độ kỳ họp | - Hồ sơ trình gồm Tờ trình |
"""


def test_broken_pipe_table_with_agencies_by_role(tmp_path):
    path = tmp_path / "van-ban.md"
    path.write_text(BROKEN_PIPES, encoding="utf-8")
    plan = extract(path, year=2025).to_json()

    assert [t["ref"] for t in plan["tasks"]] == ["I.-1", "I.-2"]
    first, second = plan["tasks"]
    assert first["lead"] == ["Sở Tài chính"]  # the drafting body, not the submitting one
    assert first["coop"] == ["Sở Tư pháp"]  # the reviewing body is not a cooperator
    assert first["deliverables"][0]["deadline"]["due"] == "2025-03-15"
    assert first["deliverables"][0]["product"] == "Hồ sơ trình gồm Tờ trình, dự thảo"
    assert second["lead"] == ["Sở Giáo dục và Đào tạo"]
    assert second["deliverables"][0]["deadline"]["kind"] == "conditional"


# -- hostile shapes are read to the end ----------------------------------------------

# Each as large as the reading limits let through (cchc.extraction.limits: 50 000
# paragraphs, 100 000 characters a paragraph). A quadratic pass over any of them would
# not finish; their times are measured by benchmarks/fuzz_uploads.py.
HOSTILE = {
    "lone-pipes": "KẾ HOẠCH\n" + "|\n" * 45_000,
    "unnumbered-rows": "KẾ HOẠCH\n| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
    + "| | Việc | Sở Nội vụ | Quý I/2025 |\n" * 10_000,
    "agency-headings": "KẾ HOẠCH\n" + "".join(f"{k}. Sở Nội vụ\n- Làm {k}\n" for k in range(8000)),
    "italics": "KẾ HOẠCH\n" + "*a " * 33_000 + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_shapes_within_the_limits_are_read_to_the_end(tmp_path, name):
    path = tmp_path / f"{name}.md"
    path.write_text(HOSTILE[name], encoding="utf-8")
    tasks = extract(path, year=2025).to_json()["tasks"]
    assert len(tasks) == EXPECTED_TASKS[name]


EXPECTED_TASKS = {"lone-pipes": 0, "unnumbered-rows": 10_000, "agency-headings": 8000, "italics": 0}


INLINE_DUTIES = """\
KẾ HOẠCH
Cải cách hành chính năm 2025

IV. TỔ CHỨC THỰC HIỆN

1. Sở Nội vụ: a) Chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh theo dõi việc thực hiện Kế hoạch. b) Tham mưu tổ chức sơ kết vào giữa năm.

2. Sở Tư pháp: Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh trong năm 2025, bảo đảm đúng quy định.
"""


def test_agency_heading_with_its_duties_on_the_same_line(tmp_path):
    path = tmp_path / "inline.txt"
    path.write_text(INLINE_DUTIES, encoding="utf-8")
    plan = extract(path, year=2025).to_json()

    assert [t["ref"] for t in plan["tasks"]] == ["IV.1.a", "IV.1.b", "IV.2"]
    first, second, third = plan["tasks"]
    assert first["content"].startswith("Chủ trì, phối hợp với Văn phòng")
    assert first["lead"] == ["Sở Nội vụ"]
    assert first["coop"] == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert second["content"] == "Tham mưu tổ chức sơ kết vào giữa năm."
    assert third["lead"] == ["Sở Tư pháp"] and third["content"].startswith("Rà soát")
