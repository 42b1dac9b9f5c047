"""The job queue: several workers, a killed worker's job taken over, retries, final failures."""

from __future__ import annotations

import datetime
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.jobs import sqlite_site

from cchc.accounts.predicates import SYSTEM
from cchc.jobs import services as jobs
from cchc.jobs.models import Worker
from cchc.plans import services as plans
from cchc.plans.models import Plan

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return sqlite_site.migrated(tmp_path_factory.mktemp("template"))


def _worker(folder):
    return subprocess.Popen(
        [sys.executable, "-m", "django", "worker", "--no-startup-delay", "--interval", "0.2"],
        env=sqlite_site.environment(folder),
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@sqlite_site.own_site
def test_a_killed_workers_job_is_finished_by_another_within_a_minute(template, tmp_path):
    """Two real worker processes on a SQLite file: the one running the job is killed
    (SIGKILL: no clean-up of any kind); the other finishes the job."""
    folder = sqlite_site.site_from(template, tmp_path / "site")
    marks = tmp_path / "marks"
    marks.mkdir()
    sqlite_site.manage(
        folder, "shell", "-c",
        f"from tests.jobs.slow import slow; slow.enqueue({str(marks)!r}, 8)",
    )  # fmt: skip
    first = _worker(folder)
    second = None
    try:
        assert _wait_for(lambda: any(marks.glob("started-*")), 60), "no worker took the job"
        assert [p.name for p in marks.iterdir()] == [f"started-{first.pid}"]
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed = time.monotonic()
        second = _worker(folder)
        assert _wait_for(
            lambda: (marks / f"started-{second.pid}").exists(), 60
        ), "the killed worker's job was not taken over within a minute"
        taken_over = time.monotonic() - killed
        assert _wait_for(lambda: (marks / f"done-{second.pid}").exists(), 30)
        assert not (marks / f"done-{first.pid}").exists()
        out = sqlite_site.manage(
            folder, "shell", "-c",
            "import json; from django_tasks_db.models import DBTaskResult as R; "
            "r = R.objects.get(); print(json.dumps([r.status, len(r.worker_ids), r.return_value]))",
        ).stdout  # fmt: skip
        assert json.loads(out.strip().splitlines()[-1]) == ["SUCCESSFUL", 2, second.pid]
        print(f"killed worker's job taken over after {taken_over:.1f} s")
        assert taken_over < 60
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(30)


@pytest.mark.django_db(transaction=True)
def test_a_dead_workers_job_is_queued_again_then_failed_for_good(directory, users, settings):
    """``recover`` without processes: a running job whose worker stopped beating."""
    settings.TASKS = DATABASE_QUEUE
    plan = plans.start_import(SimpleUploadedFile("kh.txt", b"KE HOACH"), directory["a"], SYSTEM)
    job = DBTaskResult.objects.get()
    long_ago = timezone.now() - datetime.timedelta(seconds=jobs.STALE + 1)
    Worker.objects.create(worker_id="alive", seen=timezone.now())
    Worker.objects.create(worker_id="dead", seen=long_ago)

    def running(worker_ids):
        DBTaskResult.objects.filter(pk=job.pk).update(
            status="RUNNING", worker_ids=worker_ids, started_at=timezone.now()
        )

    running(["alive"])
    assert jobs.recover() == (0, 0)  # its worker beats: left alone
    running(["dead"])
    assert jobs.recover() == (1, 0)
    assert DBTaskResult.objects.get().status == "READY"
    running(["dead"] * jobs.MAX_ATTEMPTS)  # its last attempt died too
    Plan.objects.filter(pk=plan.pk).update(extraction=Plan.Extraction.RUNNING)
    assert jobs.recover() == (0, 1)
    assert DBTaskResult.objects.get().status == "FAILED"
    plan.refresh_from_db()
    assert plan.extraction == Plan.Extraction.FAILED
    assert plan.extraction_error.startswith("Việc trích xuất đã dừng giữa chừng")


@pytest.mark.django_db(transaction=True)
def test_a_job_that_raises_is_retried_then_succeeds(directory, users, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(jobs, "RETRY_DELAYS", (0, 0))
    real_claim, calls = plans.claim_extraction, []

    def flaky(plan_pk):
        calls.append(plan_pk)
        if len(calls) == 1:
            raise ConnectionError("database restarting")
        return real_claim(plan_pk)

    monkeypatch.setattr(plans, "claim_extraction", flaky)
    plan = plans.start_import(SimpleUploadedFile("kh.txt", b"KE HOACH"), directory["a"], SYSTEM)
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    job = DBTaskResult.objects.get()
    assert (job.status, len(job.worker_ids)) == ("SUCCESSFUL", 2)
    plan.refresh_from_db()
    assert plan.extraction in (Plan.Extraction.DONE, Plan.Extraction.FAILED)  # it ran
    assert plan.extraction_error != "" or plan.extraction == Plan.Extraction.DONE
    assert Worker.objects.count() == 0  # the worker removed its row when it stopped


@pytest.mark.django_db(transaction=True)
def test_a_retried_job_waits_for_its_delay(directory, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE

    def broken(plan_pk):
        raise ConnectionError("database restarting")

    monkeypatch.setattr(plans, "claim_extraction", broken)
    plan = plans.start_import(SimpleUploadedFile("kh.txt", b"KE HOACH"), directory["a"], SYSTEM)
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    job = DBTaskResult.objects.get()
    assert job.status == "READY" and len(job.worker_ids) == 1
    wait = (job.run_after - timezone.now()).total_seconds()
    assert jobs.RETRY_DELAYS[0] - 5 < wait <= jobs.RETRY_DELAYS[0]
    assert "ConnectionError" in job.exception_class_path
    # Its plan still waits (the page shows it queued), not failed.
    assert Plan.objects.get(pk=plan.pk).extraction == Plan.Extraction.QUEUED


@pytest.mark.django_db(transaction=True)
def test_cron_queues_the_reminders_and_a_worker_sends_them(settings):
    settings.TASKS = DATABASE_QUEUE
    call_command("sendreminders", "--date", "2025-11-25", stdout=(out := io.StringIO()))
    job = DBTaskResult.objects.get()
    assert out.getvalue().strip() == f"queued job {job.pk}"
    assert job.task_path == "cchc.notifications.tasks.send_reminders"
    assert job.args_kwargs["args"] == ["2025-11-25"]
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL" and job.return_value["failures"] == 0
