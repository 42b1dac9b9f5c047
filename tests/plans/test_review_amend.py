"""The reform office's review and amendment work: filters, bulk mapping with a search and a
memory, confirmation before deleting or issuing (deleting undoable), amending and
unpublishing an issued plan, the issuer check and the source view of a Word plan.

Plans come from a real .docx uploaded through the import form.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from tests.plans.plan_docx import plan_docx
from tests.web.factories import small_plan_json, task

from cchc.agencies.models import Agency, AgencyGroup
from cchc.plans import selectors, services
from cchc.plans.models import Assignment, Mention, NameMemory, Plan, Task

pytestmark = pytest.mark.django_db

UNKNOWN = ["Ban Tổ chức Tỉnh ủy", "Văn phòng Hội đồng nhân dân tỉnh", "Đài Phát thanh tỉnh"]


def upload(client, tmp_path: Path, issuer: str = "ỦY BAN NHÂN DÂN TỈNH A", name="kh.docx"):
    path = plan_docx(tmp_path / name, issuer)
    with path.open("rb") as handle:
        response = client.post(
            "/plans/import/", {"document": handle, "province": Agency.objects.get(code="a").pk}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.latest("pk")
    assert plan.extraction == Plan.Extraction.DONE, plan.extraction_error
    return plan


def test_review_can_show_only_doubts_or_only_unmapped(client, directory, users):
    data = small_plan_json()
    data["tasks"][0]["coop"].append("Ban Tổ chức Tỉnh ủy")
    plan = services.import_plan_json(data, directory["a"], users["office"])
    client.force_login(users["office"])
    whole = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Chỉ nhiệm vụ có nghi vấn (1)" in whole
    assert "Chỉ tên cơ quan chưa gắn (1)" in whole
    doubts = client.get(f"/plans/{plan.pk}/?only=doubts").content.decode()
    assert "Nâng cấp cổng dịch vụ công" in doubts
    assert "Rà soát văn bản quy phạm pháp luật" not in doubts
    unmapped = client.get(f"/plans/{plan.pk}/?only=unmapped").content.decode()
    assert "Rà soát văn bản quy phạm pháp luật" in unmapped
    assert "Nâng cấp cổng dịch vụ công" not in unmapped


def test_bulk_confirm_maps_many_names_and_the_next_import_remembers(
    client, directory, users, tmp_path
):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    page = client.get(f"/plans/{plan.pk}/mentions/").content.decode()
    rows = [row for row in services.unresolved_mentions(plan).values_list("text", flat=True)]
    assert sorted(set(rows)) == sorted(UNKNOWN)
    # The keys of the rows as the page numbers them (unmapped names first, by name).
    keys = {
        text: page.split(f'value="{text}"')[0].rsplit('name="text-', 1)[1].split('"')[0]
        for text in UNKNOWN
    }
    response = client.post(
        f"/plans/{plan.pk}/mentions/",
        {
            "pick": [keys[t] for t in UNKNOWN],
            **{f"text-{keys[t]}": t for t in UNKNOWN},
            f"choice-{keys[UNKNOWN[0]]}": "ignore",
            f"choice-{keys[UNKNOWN[1]]}": "new",
            f"choice-{keys[UNKNOWN[2]]}": "new",
            "new_kind": "office",
        },
        follow=True,
    )
    assert "Đã gắn 3 tên" in response.content.decode()
    assert not services.unresolved_mentions(plan).exists()
    assert NameMemory.objects.filter(province=directory["a"]).count() == 3

    again = upload(client, tmp_path, name="kh-lan-2.docx")
    mentions = Mention.objects.filter(task__plan=again, text__in=UNKNOWN)
    assert mentions.count() == 3 and all(m.remembered and m.resolved for m in mentions)
    assert mentions.get(text=UNKNOWN[0]).ignored
    assert mentions.get(text=UNKNOWN[1]).agency.name == UNKNOWN[1]
    page = client.get(f"/plans/{again.pk}/mentions/").content.decode()
    assert page.count("như đã gắn ở lần nhập trước") == 3


def test_bulk_confirm_with_no_choice_names_the_row_and_writes_nothing(
    client, directory, users, tmp_path
):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    response = client.post(
        f"/plans/{plan.pk}/mentions/",
        {"pick": ["0", "1"], "text-0": UNKNOWN[0], "choice-0": "ignore", "text-1": UNKNOWN[1]},
        follow=True,
    )
    assert f"“{UNKNOWN[1]}”: hãy chọn" in response.content.decode()
    assert services.unresolved_mentions(plan).filter(text=UNKNOWN[0]).exists()
    assert not NameMemory.objects.exists()


def test_only_the_office_confirms_mappings(client, directory, users, tmp_path):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    with pytest.raises(PermissionDenied):
        services.confirm_mappings(plan, [(UNKNOWN[0], "ignore")], users["office_b"])
    client.force_login(users["focal_stp"])
    response = client.post(
        f"/plans/{plan.pk}/mentions/", {"pick": ["0"], "text-0": UNKNOWN[0], "choice-0": "ignore"}
    )
    assert response.status_code in (403, 404)
    assert services.unresolved_mentions(plan).filter(text=UNKNOWN[0]).exists()


def test_search_finds_any_unit_or_group_and_links_without_scripts(
    client, directory, users, tmp_path
):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    page = client.get(
        f"/plans/{plan.pk}/mentions/", {"q": "tu phap", "for": UNKNOWN[2]}
    ).content.decode()
    results = page.split('id="search-results"')[1].split("</div>")[0]
    assert "Sở Tư pháp" in results and f'value="a:{directory["stp"].pk}"' in results
    assert "Sở Nội vụ" not in results
    assert "tỉnh B" not in results  # only the plan's province
    groups = client.get(f"/plans/{plan.pk}/mentions/", {"q": "cấp xã"}).content.decode()
    group = AgencyGroup.objects.get(name="UBND cấp xã")
    assert f'value="g:{group.pk}"' in groups.split('id="search-results"')[1]
    client.post(
        f"/plans/{plan.pk}/mentions/",
        {"pick": "s", "text-s": UNKNOWN[2], "choice-s": f"g:{group.pk}"},
    )
    assert set(
        Mention.objects.filter(task__plan=plan, text=UNKNOWN[2]).values_list("group", flat=True)
    ) == {group.pk}


def test_mapping_page_keeps_its_save_button_in_a_sticky_footer(client, directory, users, tmp_path):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    page = client.get(f"/plans/{plan.pk}/mentions/").content.decode()
    assert 'class="sticky-actions"' in page and "Xác nhận các dòng đã chọn" in page
    css = client.get("/static/plans/review.css")
    body = b"".join(css.streaming_content if css.streaming else [css.content]).decode()
    assert ".sticky-actions" in body and "position:sticky" in body


def test_delete_asks_first_and_can_be_undone_until_issuing(client, directory, users, tmp_path):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    first = plan.tasks.get(ref="1")
    url = f"/plans/{plan.pk}/tasks/{first.pk}/delete/"
    confirm = client.get(url).content.decode()
    assert "Xoá nhiệm vụ và 2 nhiệm vụ con" in confirm
    assert plan.tasks.count() == 5  # asking deletes nothing

    page = client.post(url, follow=True).content.decode()
    assert set(plan.tasks.values_list("ref", flat=True)) == {"2", "3"}
    assert selectors.with_counts(Plan.objects.filter(pk=plan.pk)).get().task_count == 2
    assert "Hoàn tác" in page and 'id="deleted"' in page
    # Names only the deleted tasks used no longer count as unmapped.
    assert UNKNOWN[0] not in set(services.unresolved_mentions(plan).values_list("text", flat=True))

    client.post(f"/plans/{plan.pk}/tasks/{first.pk}/restore/")
    assert plan.tasks.count() == 5

    client.post(url)
    for text in UNKNOWN:
        Mention.objects.filter(task__plan=plan, text=text).update(ignored=True)
    client.post(f"/plans/{plan.pk}/publish/")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert Task.all_objects.filter(plan=plan).count() == 2  # purged for good on issuing
    assert client.post(f"/plans/{plan.pk}/tasks/{first.pk}/restore/").status_code == 404


def test_issuing_asks_first_and_says_what_will_happen(client, draft_plan, users):
    client.force_login(users["office"])
    page = client.get(f"/plans/{draft_plan.pk}/publish/").content.decode()
    # 4 tasks; Sở Tư pháp, Sở TT&TT, Sở Nội vụ and the group of departments (the same three).
    assert "Ban hành: 4 nhiệm vụ sẽ được giao cho 3 cơ quan" in page
    draft_plan.refresh_from_db()
    assert draft_plan.is_draft and not Assignment.objects.exists()


def _new_task(directory, reason="Quyết định 99/QĐ-UBND"):
    return {
        "ref": "4",
        "area": "modernization",
        "content": "Số hoá hồ sơ một cửa",
        "lead": [f"a:{directory['stp'].pk}"],
        "coop": [f"a:{directory['snv'].pk}"],
        "reason": reason,
        "d-TOTAL_FORMS": "1",
        "d-INITIAL_FORMS": "0",
        "d-MIN_NUM_FORMS": "0",
        "d-MAX_NUM_FORMS": "1000",
        "d-0-product": "Kho dữ liệu",
        "d-0-deadline_raw": "Quý IV/2025",
    }


def test_office_adds_a_task_to_an_issued_plan_and_it_is_assigned(
    client, published_plan, directory, users
):
    client.force_login(users["office"])
    response = client.post(
        f"/plans/{published_plan.pk}/amend/tasks/new/", _new_task(directory), follow=True
    )
    assert response.status_code == 200
    added = published_plan.tasks.get(ref="4")
    assert added.due.isoformat() == "2025-12-31"
    assert set(added.assignments.values_list("agency__code", "role")) == {
        ("a-stp", "lead"),
        ("a-snv", "coop"),
    }
    assert added.history.first().history_change_reason == "Quyết định 99/QĐ-UBND"
    page = client.get(f"/plans/{published_plan.pk}/").content.decode()
    assert "Quyết định 99/QĐ-UBND" in page  # the plan's history


def test_amending_needs_a_reason_and_the_office(client, published_plan, directory, users):
    before = published_plan.tasks.count()
    client.force_login(users["office"])
    page = client.post(
        f"/plans/{published_plan.pk}/amend/tasks/new/", _new_task(directory, reason="")
    ).content.decode()
    assert "errorlist" in page
    for intruder in ("focal_stp", "office_b", "leader"):
        client.force_login(users[intruder])
        response = client.post(f"/plans/{published_plan.pk}/amend/tasks/new/", _new_task(directory))
        assert response.status_code in (403, 404), intruder
    assert published_plan.tasks.count() == before
    with pytest.raises(PermissionDenied):
        services.amend_plan(published_plan, {"title": "x"}, "QĐ 1", users["focal_stp"])


def test_office_amends_an_issued_plans_details(client, published_plan, users):
    client.force_login(users["office"])
    client.post(
        f"/plans/{published_plan.pk}/amend/",
        {
            "kind": "ke_hoach",
            "issuer": "Ủy ban nhân dân tỉnh A",
            "number": "1/KH-UBND",
            "title": "Kế hoạch CCHC năm 2025 (sửa đổi)",
            "period_start": "01/01/2025",
            "period_end": "31/12/2025",
            "reason": "Quyết định 7/QĐ-UBND",
        },
    )
    published_plan.refresh_from_db()
    assert published_plan.title.endswith("(sửa đổi)") and not published_plan.is_draft
    assert published_plan.history.first().history_change_reason == "Quyết định 7/QĐ-UBND"


def test_unpublish_takes_the_plan_back_to_review_with_a_logged_reason(
    client, published_plan, users
):
    client.force_login(users["office"])
    assert Assignment.objects.filter(plan=published_plan).exists()
    refused = client.post(f"/plans/{published_plan.pk}/unpublish/", {"reason": " "})
    assert refused.status_code == 200
    published_plan.refresh_from_db()
    assert not published_plan.is_draft
    client.force_login(users["focal_stp"])
    assert client.post(f"/plans/{published_plan.pk}/unpublish/", {"reason": "x"}).status_code in (
        403,
        404,
    )

    client.force_login(users["office"])
    client.post(f"/plans/{published_plan.pk}/unpublish/", {"reason": "Sai cơ quan chủ trì"})
    published_plan.refresh_from_db()
    assert published_plan.is_draft and published_plan.published_at is None
    assert not Assignment.objects.filter(plan=published_plan).exists()
    assert published_plan.history.first().history_change_reason == "Sai cơ quan chủ trì"
    services.publish_plan(published_plan, users["office"])  # and it can be issued again
    assert Assignment.objects.filter(plan=published_plan).exists()


def test_a_document_of_another_province_is_flagged(client, directory, users, tmp_path):
    client.force_login(users["office"])
    plan = upload(client, tmp_path, issuer="ỦY BAN NHÂN DÂN TỈNH B")
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="issuer-warning"' in page and "Ủy ban nhân dân tỉnh B" in page
    assert 'id="issuer-warning"' in client.get(f"/plans/{plan.pk}/publish/").content.decode()
    own = upload(client, tmp_path, name="own.docx")
    assert 'id="issuer-warning"' not in client.get(f"/plans/{own.pk}/").content.decode()


def test_a_word_plan_can_be_viewed_with_its_rows_and_downloaded(client, directory, users, tmp_path):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    row = task(plan, "1.2")
    assert row.source == {"table": 1, "row": 4}
    detail = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'/plans/{plan.pk}/source/#t1-r4"' in detail
    source = client.get(f"/plans/{plan.pk}/source/").content.decode()
    cell = source.split('id="t1-r4"')[1].split("</tr>")[0]
    assert "Tập huấn cán bộ đầu mối" in cell and "Ban Tổ chức Tỉnh ủy" in cell
    download = client.get(f"/plans/{plan.pk}/download/")
    assert b"".join(download.streaming_content) == (tmp_path / "kh.docx").read_bytes()
    assert "kh.docx" in download["Content-Disposition"]
    client.force_login(users["office_b"])
    assert client.get(f"/plans/{plan.pk}/download/").status_code == 403
    assert client.get(f"/plans/{plan.pk}/source/").status_code == 403


def test_the_source_view_of_a_plan_read_before_layouts_were_kept(
    client, directory, users, tmp_path
):
    client.force_login(users["office"])
    plan = upload(client, tmp_path)
    plan.layout.delete()  # as a plan extracted before the layout was stored
    source = client.get(f"/plans/{plan.pk}/source/").content.decode()
    assert 'id="t1-r2"' in source and "Rà soát, đánh giá thủ tục hành chính" in source


def test_a_pdf_plan_can_be_viewed_with_its_rows_and_downloaded(client, directory, users, tmp_path):
    from tests.extraction.documents import make_pdf_blocks
    from tests.plans.plan_docx import HEADER, ROWS

    path = make_pdf_blocks(
        tmp_path / "ke-hoach.pdf",
        ["ỦY BAN NHÂN DÂN TỈNH A", "KẾ HOẠCH Cải cách hành chính năm 2025", [HEADER, *ROWS]],
    )
    client.force_login(users["office"])
    with path.open("rb") as handle:
        client.post(
            "/plans/import/", {"document": handle, "province": directory["a"].pk}, follow=True
        )
    plan = Plan.objects.get()
    assert plan.extraction == Plan.Extraction.DONE, plan.extraction_error
    row = plan.tasks.get(ref="1.2")
    anchor = f"t{row.source['table']}-r{row.source['row']}"
    assert (
        f'/plans/{plan.pk}/source/#{anchor}"' in client.get(f"/plans/{plan.pk}/").content.decode()
    )
    source = client.get(f"/plans/{plan.pk}/source/").content.decode()
    assert "Tập huấn cán bộ đầu mối" in source.split(f'id="{anchor}"')[1].split("</tr>")[0]
    download = client.get(f"/plans/{plan.pk}/download/")
    assert b"".join(download.streaming_content) == path.read_bytes()


def test_amending_a_task_moves_its_assignment_and_checks_the_version(
    client, published_plan, directory, users
):
    one = task(published_plan, "1")
    client.force_login(users["office"])
    assert client.get(f"/plans/{published_plan.pk}/tasks/{one.pk}/edit/")["Location"] == (
        f"/plans/{published_plan.pk}/amend/tasks/{one.pk}/"
    )
    form = {
        **_new_task(directory, reason="Quyết định 5/QĐ-UBND"),
        "ref": "1",
        "content": one.content,
        "lead": [f"a:{directory['stttt'].pk}"],
        "coop": [],
        "version": one.version,
    }
    client.post(f"/plans/{published_plan.pk}/amend/tasks/{one.pk}/", form)
    assert set(one.assignments.values_list("agency__code", "role")) == {("a-stttt", "lead")}
    stale = client.post(f"/plans/{published_plan.pk}/amend/tasks/{one.pk}/", form)
    assert "vừa được người khác cập nhật" in stale.content.decode()
