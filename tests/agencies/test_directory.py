import datetime

import pytest
from django.core.exceptions import ValidationError
from tests.web.factories import small_plan_json

from cchc.accounts.predicates import SYSTEM
from cchc.agencies import selectors, services
from cchc.agencies.models import Agency, AgencyGroup
from cchc.plans import services as plans

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(Agency.objects.order_by("code").values())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_accepts_exactly_what_export_produces(directory, fmt):
    before = _snapshot()
    data = services.export_directory(fmt)
    report = services.import_directory(data, f"danh-muc.{fmt}", SYSTEM)
    assert report.ok and report.created == 0 and report.updated == len(before)
    assert _snapshot() == before
    # and into an empty directory: the same tree again
    Agency.objects.update(parent=None, province=None)
    Agency.objects.all().delete()
    report = services.import_directory(data, f"danh-muc.{fmt}", SYSTEM)
    assert report.ok and report.created == len(before)
    after = {a["code"]: a for a in _snapshot()}
    parents = {
        a.code: (a.parent.code if a.parent else None)
        for a in Agency.objects.select_related("parent")
    }
    assert parents["a-x1"] == "a-h1" and parents["a-h1"] == "a"
    assert after["a-stttt"]["aliases"] == "Sở TT&TT"
    assert after["a-x2"]["valid_from"] == datetime.date(2025, 7, 1)
    assert Agency.objects.get(code="a-x1").province.code == "a"


def test_import_reports_every_bad_row_and_writes_nothing(directory):
    before = _snapshot()
    lines = services.export_directory("csv").decode("utf-8-sig").splitlines()
    lines[2] = lines[2].replace(",department,", ",khong-co,")  # row 3: unknown kind
    lines.append("moi,Sở Mới,,department,khong-ton-tai,,,,1")  # unknown parent
    lines.append("moi2,Sở Mới 2,,department,a,,31/02/2025,,1")  # wrong date
    report = services.import_directory("\n".join(lines).encode(), "danh-muc.csv", SYSTEM)
    assert not report.ok
    rows = dict(report.errors)
    assert "không hợp lệ" in rows[3]
    assert "không có đơn vị cấp trên" in rows[len(lines) - 1]
    assert "không phải ngày" in rows[len(lines)]
    assert _snapshot() == before


def test_import_refuses_other_files(directory):
    assert "Dòng tiêu đề" in services.import_directory(b"a,b\n1,2\n", "x.csv", SYSTEM).errors[0][1]
    assert ".csv hoặc .xlsx" in services.import_directory(b"x", "x.txt", SYSTEM).errors[0][1]
    assert "Excel" in services.import_directory(b"not a zip", "x.xlsx", SYSTEM).errors[0][1]


def test_matching_uses_names_aliases_and_groups(directory):
    best = selectors.match_agency("Sở TT&TT", directory["a"])[0]
    assert best.agency == directory["stttt"] and best.score == 100
    assert selectors.match_agency("Số Tư pháp", directory["a"])[0].agency == directory["stp"]
    group = selectors.match_agency("Ủy ban nhân dân các quận, huyện", directory["a"])[0]
    assert group.group == AgencyGroup.objects.get(name="UBND cấp huyện") and group.score == 100
    # only the units of the province asked about
    assert all(
        s.agency is None or s.agency.root == directory["a"]
        for s in selectors.match_agency("Sở Nội vụ", directory["a"])
    )


def test_groups_follow_the_structure_in_force(directory):
    districts = AgencyGroup.objects.get(name="UBND cấp huyện")
    communes = AgencyGroup.objects.get(name="UBND cấp xã")
    assert list(selectors.group_members(districts, directory["a"], datetime.date(2024, 1, 1))) == [
        directory["district"]
    ]
    assert not selectors.group_members(
        districts, directory["a"], datetime.date(2025, 8, 1)
    ).exists()
    assert list(selectors.group_members(communes, directory["a"], datetime.date(2024, 1, 1))) == [
        directory["commune"]
    ]
    assert list(selectors.group_members(communes, directory["a"], datetime.date(2025, 8, 1))) == [
        directory["commune2"]
    ]
    sections = AgencyGroup.objects.get(name="Sở, ban, ngành")
    assert set(selectors.group_members(sections, directory["a"])) == {
        directory["snv"],
        directory["stp"],
        directory["stttt"],
    }


def test_a_referenced_agency_cannot_be_deleted(directory, users):
    plans.import_plan_json(small_plan_json(), directory["a"], users["office"])
    with pytest.raises(ValidationError) as refused:
        services.delete_agency(directory["stp"], users["office"])
    assert "Không thể xoá" in refused.value.messages[0]
    assert Agency.objects.filter(pk=directory["stp"].pk).exists()


def test_delete_page_refuses_with_a_vietnamese_message(client, directory, users):
    plans.import_plan_json(small_plan_json(), directory["a"], users["office"])
    client.force_login(users["office"])
    response = client.post(f"/agencies/{directory['stp'].pk}/delete/", follow=True)
    assert "Không thể xoá" in response.content.decode()
    assert Agency.objects.filter(pk=directory["stp"].pk).exists()


def test_parent_cycles_are_refused(directory, users):
    district = directory["district"]
    district.parent = directory["commune"]
    with pytest.raises(ValidationError):
        services.save_agency(district, users["office"])


def test_directory_pages(client, directory, users):
    client.force_login(users["focal_stp"])
    assert "Sở Tư pháp" in client.get("/agencies/").content.decode()
    response = client.get("/agencies/export.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client.post("/agencies/import/", {}).status_code == 403
    client.force_login(users["office"])
    data = client.get("/agencies/export.csv").content  # the office's own province
    assert "b-stp" not in data.decode("utf-8-sig") and "a-stp" in data.decode("utf-8-sig")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/agencies/import/", {"file": SimpleUploadedFile("d.csv", data)}, follow=True
    )
    assert "Đã nhập danh mục" in response.content.decode()
