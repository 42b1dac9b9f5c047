"""The consolidated report's PDF is made by a worker, not inside the request."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from tests.reporting.helpers import cycle

from cchc.reporting import documents


@pytest.mark.skipif(documents.soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_made_by_a_job_while_the_page_waits(client, published_plan, users, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    q1 = cycle(published_plan)
    client.force_login(users["office"])
    url = reverse(
        "reporting:consolidated_file", kwargs={"plan_pk": published_plan.pk, "fmt": "pdf"}
    )
    url = f"{url}?cycle={q1.pk}"
    waiting = client.get(url)
    page = waiting.content.decode()
    assert waiting.status_code == 200 and waiting["Content-Type"].startswith("text/html")
    assert (
        '<meta http-equiv="refresh" content="2">' in page and "Tệp PDF đang được chuẩn bị" in page
    )
    client.get(url)  # a reload while it waits queues nothing more
    assert DBTaskResult.objects.filter(task_path="cchc.reporting.tasks.render_pdf").count() == 1
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    done = client.get(url)
    assert done["Content-Type"] == "application/pdf" and done.content.startswith(b"%PDF")
    # Another user of the plan who may see the report gets the same file; the docx is gone.
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
