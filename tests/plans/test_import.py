"""Import through the PlanDraft JSON contract (the gold files) and through the real extractor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.factories import GOLD_FILES, SEED_FILES, gold, small_plan_json

from cchc.plans import services
from cchc.plans.models import Deliverable, Mention, Plan, Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_gold_plan_imports_whole(directory, users, path):
    data = gold(path)
    plan = services.import_plan_json(data, directory["a"], users["office"])
    assert plan.number == data["document"]["number"]
    assert plan.period_start.isoformat() == data["document"]["period"]["start"]
    assert plan.tasks.count() == len(data["tasks"])
    assert plan.targets.count() == len(data["targets"])
    assert Deliverable.objects.filter(task__plan=plan).count() == sum(
        len(t["deliverables"]) for t in data["tasks"]
    )
    assert Mention.objects.filter(task__plan=plan).count() == sum(
        len(t["lead"]) + len(t["coop"]) for t in data["tasks"]
    )
    for item, task in zip(data["tasks"], plan.tasks.order_by("position"), strict=True):
        assert task.ref == item["ref"] and task.content == item["content"].strip()
        assert (task.parent.ref if task.parent else None) == item["parent"]
        dues = [d["deadline"]["due"] for d in item["deliverables"] if d["deadline"]["due"]]
        assert (task.due.isoformat() if task.due else None) == (max(dues) if dues else None)


def test_certain_matches_are_mapped_and_the_rest_wait(draft_plan, directory):
    mentions = {m.text: m for m in Mention.objects.filter(task__plan=draft_plan)}
    assert mentions["Sở Tư pháp"].agency == directory["stp"]
    assert mentions["Sở TT&TT"].agency == directory["stttt"]
    assert mentions["Các sở, ban, ngành"].group.name == "Sở, ban, ngành"
    assert all(m.resolved for m in mentions.values())


def test_bad_json_is_refused_whole(directory, users):
    data = small_plan_json()
    data["tasks"][2]["deliverables"][0]["deadline"]["due"] = "2025-02-31"
    with pytest.raises(services.ValidationError) as refused:
        services.import_plan_json(data, directory["a"], users["office"])
    assert "không phải ngày hợp lệ" in refused.value.messages[0]
    assert not Plan.objects.exists() and not Task.objects.exists()


@pytest.mark.skipif(not SEED_FILES, reason="no seed documents in ../shared/seeds")
def test_upload_runs_the_real_extractor(client, directory, users):
    """Only that the pipeline runs: the extractor's quality is tested in tests/extraction."""
    client.force_login(users["office"])
    seed = SEED_FILES[0]
    response = client.post(
        "/plans/import/",
        {
            "document": SimpleUploadedFile(seed.name, seed.read_bytes()),
            "province": directory["a"].pk,
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.extraction in (Plan.Extraction.DONE, Plan.Extraction.FAILED)
    assert plan.document_name == seed.name
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert plan.get_extraction_display() in page
    if plan.tasks.exists():
        assert client.get(f"/plans/{plan.pk}/source/").status_code == 200


def test_unreadable_document_marks_the_plan_failed(directory, users, monkeypatch):
    def unreadable(path, on_page=None):
        raise services.UnreadableDocument(str(path), "không có bảng nhiệm vụ / no task table")

    monkeypatch.setattr(services, "read_document", unreadable)
    plan = services.start_import(
        SimpleUploadedFile("k.txt", "Kế hoạch".encode()), directory["a"], users["office"]
    )
    plan.refresh_from_db()
    assert plan.extraction == Plan.Extraction.FAILED
    assert plan.extraction_error.startswith("Không đọc được tài liệu")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.docx", b"this is not a zip", "Tệp .docx bị hỏng"),
        ("ke-hoach.pdf", b"hello", "không phải tài liệu PDF"),
        ("ke-hoach.exe", b"MZ...", "không được hỗ trợ"),
        ("ke-hoach.txt", b"", "rỗng"),  # Django's own Vietnamese message
        ("ke-hoach.txt", b"\x00\x01binary", "dữ liệu nhị phân"),
    ],
)
def test_malformed_upload_is_refused_and_nothing_is_stored(
    client, directory, users, settings, name, content, message
):
    client.force_login(users["office"])
    response = client.post(
        "/plans/import/",
        {"document": SimpleUploadedFile(name, content), "province": directory["a"].pk},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Plan.objects.exists()
    assert not (settings.MEDIA_ROOT / "plans").exists()


def test_oversized_upload_is_refused(client, directory, users, settings):
    settings.CCHC_MAX_DOCUMENT_MB = 1
    client.force_login(users["office"])
    big = SimpleUploadedFile("ke-hoach.txt", b"a" * (1024 * 1024 + 1))
    response = client.post("/plans/import/", {"document": big, "province": directory["a"].pk})
    assert "Tệp quá lớn" in response.content.decode()
    assert not Plan.objects.exists()


def test_office_imports_only_for_its_own_province(client, directory, users):
    client.force_login(users["office"])
    response = client.post(
        "/plans/import/",
        {
            "document": SimpleUploadedFile("k.txt", "Kế hoạch".encode()),
            "province": directory["b"].pk,
        },
    )
    assert response.status_code == 200 and not Plan.objects.exists()
