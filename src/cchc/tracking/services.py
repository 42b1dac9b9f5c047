"""Writes to a task's timeline: progress, contributions, completion, halting.

Every change of a task's tracking fields goes through :func:`post_update`,
which checks the permission (again, whatever the caller checked), the version
the user saw, and the evidence files, then writes the update, the files and
the task in one transaction. The task's history (django-simple-history)
records who changed what.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts import selectors as accounts
from cchc.plans.models import Task
from cchc.plans.services import claim_version
from cchc.tracking.models import Evidence, TaskUpdate
from cchc.tracking.selectors import today

EVIDENCE_TYPES = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
)
Action = TaskUpdate.Action


def validate_evidence(upload) -> None:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s”: định dạng không được nhận. Chỉ nhận: %(types)s.")
            % {"name": upload.name, "types": ", ".join(EVIDENCE_TYPES)}
        )
    if upload.size > settings.CCHC_MAX_EVIDENCE_MB * 1024 * 1024:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn; giới hạn là %(limit)d MB.")
            % {"name": upload.name, "limit": settings.CCHC_MAX_EVIDENCE_MB}
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": upload.name})


def post_update(
    task: Task,
    user,
    *,
    expected_version,
    action: str,
    note: str = "",
    progress: Decimal | None = None,
    completed_on: datetime.date | None = None,
    files=(),
) -> TaskUpdate:
    """Add an update to ``task``'s timeline and apply it to the task."""
    if action not in Action.values:
        raise ValidationError(_("Loại cập nhật không hợp lệ."))
    # Any assigned agency may contribute; progress, completion and halting belong to the lead.
    needs = "tracking.contribute_task" if action == Action.CONTRIBUTION else "tracking.lead_task"
    if not user.has_perm(needs, task):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này với nhiệm vụ."))
    if progress is not None and not Decimal(0) <= progress <= Decimal(100):
        raise ValidationError(_("Tiến độ phải từ 0 đến 100%."))
    if action == Action.HALT and not note.strip():
        raise ValidationError(_("Hãy ghi lý do tạm dừng / không thực hiện."))
    if action == Action.DONE:
        completed_on = completed_on or today()
        if completed_on > today():
            raise ValidationError(_("Ngày hoàn thành không được sau hôm nay."))
    for upload in files:
        validate_evidence(upload)

    with transaction.atomic():
        claim_version(task, expected_version)
        task.refresh_from_db(fields=["progress", "completed_on", "halted_reason"])
        if action == Action.DONE:
            task.completed_on, task.progress, task.halted_reason = completed_on, Decimal(100), ""
        elif action == Action.HALT:
            task.halted_reason = note.strip()
        elif action == Action.REOPEN:
            task.completed_on, task.halted_reason = None, ""
        if progress is not None and action in (Action.PROGRESS, Action.REOPEN):
            task.progress = progress
        task._history_user = user
        task.save()
        update = TaskUpdate.objects.create(
            task=task,
            author=user,
            agency=accounts.agency(user),
            action=action,
            note=note.strip(),
            progress=task.progress if action != Action.CONTRIBUTION else progress,
        )
        for upload in files:
            Evidence.objects.create(
                update=update,
                file=upload,
                original_name=Path(upload.name).name[:255],
                size=upload.size,
            )
    return update
