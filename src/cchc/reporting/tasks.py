"""Background jobs of reporting: the consolidated report as PDF (LibreOffice, seconds).

The .docx and .xlsx files are drawn in the request (well under a second); the PDF
conversion starts LibreOffice, so it is a job: the page waits for it, refreshing,
and serves the file when it is there. Files are named by a hash of the report's
content and template, under the media folder (never served directly: the view
checks the user's permission and recomputes the name from what the user may see).
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus, task_finished

from cchc.reporting import documents
from cchc.reporting.selectors import Consolidated

FOLDER = "reports/consolidated"
KEEP = datetime.timedelta(days=1)


def pdf_key(report: Consolidated) -> str:
    """The name of the report's PDF: the same content and template, the same file."""
    content = json.dumps(documents.context(report), default=str, sort_keys=True)
    digest = hashlib.sha256(content.encode())
    digest.update(documents.TEMPLATE.read_bytes())
    return digest.hexdigest()[:40]


def path(key: str, suffix: str) -> str:
    return f"{FOLDER}/{key}.{suffix}"


def _replace(name: str, body: bytes) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(body))


def queue_pdf(report: Consolidated, key: str) -> None:
    """Store the report's .docx for the job and queue its conversion."""
    _replace(path(key, "docx"), documents.render_docx(report))
    render_pdf.enqueue(key)


@task()
def render_pdf(key: str) -> str:
    if default_storage.exists(path(key, "pdf")):
        return "done"
    with default_storage.open(path(key, "docx"), "rb") as handle:
        docx = handle.read()
    try:
        pdf = documents.docx_to_pdf(docx)
    except documents.PdfUnavailable as exc:  # running it again would not help
        _replace(path(key, "error"), str(exc).encode())
        return "unavailable"
    _replace(path(key, "pdf"), pdf)
    default_storage.delete(path(key, "docx"))
    _prune()
    return "done"


def _prune() -> None:
    """Files of reports older than a day (the data has moved on since)."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    old = timezone.now() - KEEP
    for name in files:
        if default_storage.get_modified_time(f"{FOLDER}/{name}") < old:
            default_storage.delete(f"{FOLDER}/{name}")


@receiver(task_finished, dispatch_uid="reporting_pdf_failed")
def _record_final_failure(sender, task_result, **kwargs) -> None:
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.func is not render_pdf.func
    ):
        return
    message = _("The PDF could not be made. Download the .docx file instead.")
    _replace(path(task_result.args[0], "error"), message.encode())
