"""Issue 9, critical finding: the reform office of province A takes over province B.

Each attack is the request the route accepts for the office's own province (the
control test sends the same kind of row for a unit of A and sees it written),
aimed at a unit of B. The directory must be unchanged afterwards, and the refusal
names the row and the reason in Vietnamese.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.factories import small_plan_json, unit

from cchc.agencies import services
from cchc.agencies.models import Agency, Kind
from cchc.plans import services as plans

pytestmark = pytest.mark.django_db

HEADER = ",".join(services.COLUMNS)


def _snapshot():
    return list(Agency.objects.order_by("code").values())


def _import(client, user, *rows: str):
    client.force_login(user)
    body = "\n".join([HEADER, *rows]).encode("utf-8")
    return client.post(
        "/agencies/import/", {"file": SimpleUploadedFile("danh-muc.csv", body)}, follow=True
    )


def test_control_the_office_renames_and_moves_its_own_units(client, users, directory):
    response = _import(
        client,
        users["office"],
        "a-stp,Sở Tư pháp tỉnh A,,department,a,,,,1",
        "a-moi,Trung tâm mới,,public_service,a-stp,,,,1",
    )
    assert "Đã nhập danh mục" in response.content.decode()
    assert Agency.objects.get(code="a-stp").name == "Sở Tư pháp tỉnh A"
    assert Agency.objects.get(code="a-moi").province == directory["a"]


@pytest.mark.parametrize(
    "row",
    [
        "b-stp,ĐÃ BỊ ĐỔI TÊN,,department,b,,,,1",  # rename B's unit
        "b-stp,Sở Tư pháp,,department,b,,,,0",  # switch B's unit off
        "b-stp,Sở Tư pháp,,department,a,,,,1",  # pull B's unit (and its focal point) into A
        "a-moi,Đơn vị cài vào,,department,b,,,,1",  # create a unit inside B
        "b,Ủy ban nhân dân tỉnh B,,province,a,,,,1",  # put all of B under A
    ],
)
def test_office_import_cannot_touch_another_province(client, users, directory, row):
    before = _snapshot()
    response = _import(client, users["office"], "a-stp,Sở Tư pháp tỉnh A,,department,a,,,,1", row)
    page = response.content.decode()
    assert _snapshot() == before  # not even the office's own valid row: all or nothing
    assert "Không nhập tệp" in page and "Dòng 3" in page and "tỉnh khác" in page


def test_office_cannot_move_its_own_agency_into_another_province(client, users, directory):
    """Re-parenting the office's own agency under B made it B's reform office."""
    draft_b = plans.import_plan_json(small_plan_json(), directory["b"], users["office_b"])
    before = _snapshot()
    response = _import(client, users["office"], "a-snv,Sở Nội vụ,,department,b,,,,1")
    assert "Dòng 2" in response.content.decode()
    assert _snapshot() == before
    client.force_login(users["office"])
    assert client.get(f"/plans/{draft_b.pk}/").status_code == 403
    assert client.post(f"/plans/{draft_b.pk}/publish/").status_code == 403


def test_office_cannot_delete_another_provinces_unit(client, users, directory):
    lonely = unit("b-x9", "Ủy ban nhân dân xã Chín", Kind.COMMUNE, directory["b"])
    client.force_login(users["office"])
    assert client.post(f"/agencies/{lonely.pk}/delete/").status_code == 403
    assert Agency.objects.filter(pk=lonely.pk).exists()
    # the control: B's own office deletes it
    client.force_login(users["office_b"])
    assert client.post(f"/agencies/{lonely.pk}/delete/").status_code == 302
    assert not Agency.objects.filter(pk=lonely.pk).exists()


def test_office_cannot_add_a_province(client, users, directory):
    before = _snapshot()
    _import(client, users["office"], "c,Ủy ban nhân dân tỉnh C,,province,,,,,1")
    assert _snapshot() == before


def test_the_services_refuse_without_a_page(users, directory):
    """The rule lives in the service: the admin, a command or an import cannot skip it."""
    victim = Agency.objects.get(code="b-stp")
    victim.name = "ĐÃ BỊ ĐỔI TÊN"
    with pytest.raises(PermissionDenied):
        services.save_agency(victim, users["office"])
    own = Agency.objects.get(code="a-snv")
    own.parent = directory["b"]
    with pytest.raises(PermissionDenied):
        services.save_agency(own, users["office"])
    for user in (users["focal_stp"], users["leader"], users["office_b"]):
        with pytest.raises(PermissionDenied):
            services.delete_agency(directory["commune2"], user)
    with pytest.raises(PermissionDenied):
        services.save_agency(Agency(code="c", name="Tỉnh C", kind=Kind.PROVINCE), users["office"])
    report = services.import_directory(
        f"{HEADER}\nb-stp,X,,department,b,,,,1".encode(), "d.csv", users["office"]
    )
    assert not report.ok and report.errors[0][0] == 2
    assert Agency.objects.get(code="b-stp").name == "Sở Tư pháp"


def test_the_directory_page_offers_delete_only_in_the_own_province(client, users, directory):
    client.force_login(users["office"])
    page = client.get("/agencies/").content.decode()
    assert f"/agencies/{directory['stp'].pk}/delete/" in page
    assert f"/agencies/{directory['b_stp'].pk}/delete/" not in page
