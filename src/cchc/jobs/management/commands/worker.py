"""``cchc manage worker``: run background jobs (plan extraction, imports, reminders, files).

    cchc manage worker                 # until stopped (SIGTERM: finishes the current job)
    cchc manage worker --batch         # run what is queued, then exit

The database worker of django-tasks-db (``db_worker``, same options) plus what
``cchc.jobs.services`` adds: a heartbeat thread, the recovery of the jobs of
stopped workers and retries. Start as many as needed, on as many machines as reach
the database; use this command rather than the bare ``db_worker``, whose jobs
would look abandoned (it does not beat).
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connections
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands import db_worker

from cchc.jobs import services

log = logging.getLogger(__name__)


class Worker(db_worker.Worker):
    def run(self) -> None:
        services.beat(self.worker_id)
        services.recover()
        stop = threading.Event()
        heart = threading.Thread(
            target=self._beat, args=(stop,), name="jobs-heartbeat", daemon=True
        )
        heart.start()
        try:
            super().run()
        finally:
            stop.set()
            heart.join(services.BEAT * 2)
            services.forget(self.worker_id)

    def _beat(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(services.BEAT):
                try:
                    services.beat(self.worker_id)
                    services.recover()
                except DatabaseError:
                    log.exception("heartbeat of worker %s failed", self.worker_id)
        finally:
            connections.close_all()  # this thread's own connections

    def run_task(self, db_task_result) -> None:
        """Run one job; an exception queues it again until its last attempt (services)."""
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            sender = type(task.get_backend())
            task_started.send(sender=sender, task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
        except BaseException as exc:
            services.retry_or_fail(db_task_result, exc)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
        finally:
            self.running_task = False
            self._run_tasks += 1


class Command(db_worker.Command):
    help = "Chạy các việc nền (trích xuất kế hoạch, nhập dữ liệu, nhắc việc, tạo tệp báo cáo)."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               max_tasks, worker_id, exclude_queues, **options) -> None:  # fmt: skip
        self.configure_logging(verbosity)
        queues = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = Worker(
            queue_names=queues,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
