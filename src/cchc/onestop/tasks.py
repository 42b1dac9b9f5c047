"""Background jobs of the one-stop data: the import of a confirmed batch."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus, task_finished

from cchc.onestop import services


@task()
def import_batch(batch_pk: int) -> str:
    """Import a confirmed batch; its page shows the state and the dossiers added so far."""
    batch = services.run_batch(batch_pk)
    return batch.status if batch is not None else "skipped"


@receiver(task_finished, dispatch_uid="onestop_import_failed")
def _record_final_failure(sender, task_result, **kwargs) -> None:
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.func is not import_batch.func
    ):
        return
    services.fail_batch(
        task_result.args[0],
        _(
            "The import stopped before the end several times and was cancelled; no dossier of this "
            "file is kept. Please tell the system administrator."
        ),
    )
    # What a killed run added is removed by a job of its own (this runs in a heartbeat).
    discard_batch.enqueue(task_result.args[0])


@task()
def discard_batch(batch_pk: int) -> None:
    """Delete the dossiers a failed batch added before its worker stopped."""
    services.discard(batch_pk)
