"""Background jobs: what the queue's database backend leaves to us, in one place.

The queue is Django's tasks framework (the ``django-tasks`` backport of
``django.tasks``) with the database backend of ``django-tasks-db``: a job is a
row of its table in our own database (no broker); ``cchc manage worker`` — as
many as wanted, on any machine that reaches the database — claims ready rows one
at a time (``SELECT … FOR UPDATE SKIP LOCKED``; an exclusive transaction on
SQLite) and runs them. Each app enqueues its jobs from its ``tasks`` module.

That backend has neither a lease nor retries. This module adds both:

* **Heartbeat.** A worker writes its row of ``jobs.Worker`` before it claims its
  first job and then every ``BEAT`` seconds, from a thread beside the job.
* **Recovery** (:func:`recover`, run by every worker after each heartbeat): a
  job still *running* whose worker has not beaten for ``STALE`` seconds (killed,
  out of memory, machine lost) is made *ready* again at once, so another worker
  takes it within ``STALE + BEAT`` seconds (under a minute).
* **Retries** (:func:`retry_or_fail`): a job that raised is queued again after
  ``RETRY_DELAYS``; a job has ``MAX_ATTEMPTS`` attempts in all, counting the ones
  a lost worker cut short. Then it fails for good: it is marked *failed* and
  ``task_finished`` is sent, so the app whose job it was shows the failure where
  its users look (``plans.tasks``, ``onestop.tasks``).

Jobs are therefore written to be run again: each claims its object with a
conditional update of a state column and undoes or skips a partial earlier run.
The jobs' own progress (the plan's extraction step, the import's rows) lives on
the app's objects, where the pages show it; the queue table is for operators
(Django admin: "Task results").
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from traceback import format_exception

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus, task_finished
from django_tasks_db.models import DBTaskResult

from cchc.jobs.models import Worker

log = logging.getLogger(__name__)

BEAT = 5  # seconds between a worker's heartbeats
STALE = 20  # seconds without a heartbeat after which a worker is taken for dead
MAX_ATTEMPTS = 3
RETRY_DELAYS = (30, 120)  # seconds before the 2nd and the 3rd attempt of a job that raised


class WorkerLost(Exception):
    """The worker running a job stopped (killed, out of memory) in every attempt."""


def beat(worker_id: str) -> None:
    """Record that this worker is alive."""
    now = timezone.now()
    if not Worker.objects.filter(pk=worker_id).update(seen=now):
        Worker.objects.create(
            worker_id=worker_id, host=socket.gethostname(), pid=os.getpid(), seen=now
        )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its row."""
    Worker.objects.filter(pk=worker_id).delete()


def _attempts(result: DBTaskResult) -> int:
    return len(result.worker_ids or [])


def _give_up(result: DBTaskResult, exc: BaseException) -> None:
    """Mark the job failed for good and tell its app (``task_finished``)."""
    result.set_failed(exc)
    try:
        task_result = result.task_result
        sender = type(task_result.task.get_backend())
    except Exception:  # the task's code is gone: nobody to tell
        log.exception("job %s failed and its task cannot be loaded", result.pk)
        return
    task_finished.send(sender=sender, task_result=task_result)


def retry_or_fail(result: DBTaskResult, exc: BaseException) -> bool:
    """A job raised ``exc``: queue it again (True) or, after its last attempt, fail it."""
    attempts = _attempts(result)
    if attempts >= MAX_ATTEMPTS:
        _give_up(result, exc)
        return False
    stopped = isinstance(exc, KeyboardInterrupt | SystemExit)  # the worker is shutting down
    delay = 0 if stopped else RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + datetime.timedelta(seconds=delay),
        exception_class_path=f"{type(exc).__module__}.{type(exc).__qualname__}",
        traceback="".join(format_exception(exc)),
    )
    log.warning("job %s (attempt %d) raised %r: again in %d s", result.pk, attempts, exc, delay)
    return True


def recover(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Re-queue (or, after the last attempt, fail) the running jobs of dead workers.

    Returns (re-queued, failed). Safe for every worker to run at once: each job is
    changed by a conditional update on the claim it had (its ``started_at``).
    """
    now = now or timezone.now()
    alive = set(
        Worker.objects.filter(seen__gte=now - datetime.timedelta(seconds=STALE)).values_list(
            "worker_id", flat=True
        )
    )
    requeued = failed = 0
    for result in DBTaskResult.objects.running():
        owner = result.worker_ids[-1] if result.worker_ids else None
        if owner in alive:
            continue
        if _attempts(result) >= MAX_ATTEMPTS:
            with transaction.atomic():
                claimed = (
                    DBTaskResult.objects.select_for_update()
                    .filter(
                        pk=result.pk,
                        status=TaskResultStatus.RUNNING,
                        started_at=result.started_at,
                    )
                    .first()
                )
                if claimed is not None:
                    _give_up(
                        claimed,
                        WorkerLost(
                            f"worker {owner} stopped during each of {MAX_ATTEMPTS} attempts"
                        ),
                    )
                    failed += 1
            continue
        requeued += DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        ).update(status=TaskResultStatus.READY, run_after=now)
    if requeued or failed:
        log.warning("jobs of stopped workers: %d queued again, %d failed", requeued, failed)
    Worker.objects.filter(seen__lt=now - datetime.timedelta(days=1)).delete()
    return requeued, failed
