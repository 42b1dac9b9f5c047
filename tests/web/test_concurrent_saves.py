"""No lost write: 20 clients save one report, update one task and edit one draft plan at once,
through the real server (gunicorn in a subprocess) on PostgreSQL.

Each client opens the page, reads its form (the hidden version, the CSRF token), and
posts a write that carries a unique marker, five times. Every answer must be either
an accepted write (a redirect) or an explicit refusal as stale (the page again, with
the Vietnamese message); afterwards every accepted marker is in the database (the
report's and the plan's history, one version each, the last one shown; the task's
updates) and no refused marker is.

Runs in the PostgreSQL pass of scripts/test (DATABASE_URL=postgres://…); skips on SQLite.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from tests.reporting.helpers import cycle
from tests.web.factories import small_plan_json, task

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.plans import services as plans
from cchc.plans.models import Plan
from cchc.reporting.models import AgencyReport
from cchc.tracking.models import TaskUpdate

CLIENTS = 20
ROUNDS = 5
ROOT = Path(__file__).resolve().parents[2]
STALE = {
    "report": "Người khác đã lưu báo cáo này sau khi bạn mở trang",
    "plan": "Người khác đã lưu thông tin kế hoạch này sau khi bạn mở trang",
    "task": "Nhiệm vụ này vừa được người khác cập nhật sau khi bạn mở trang",
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db["USER"] or "")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def server(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test runs on PostgreSQL (scripts/test's second pass)")
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        DJANGO_SETTINGS_MODULE="cchc.web.test_settings",
        CCHC_DATA_DIR=str(tmp_path),
        SECURE_COOKIES="0",  # plain HTTP on 127.0.0.1
        PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cchc.web.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=4",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                assert process.poll() is None, "gunicorn exited"
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Browser:
    """One user's cookies (signed in through a session made by Django's test client)."""

    def __init__(self, base: str, user):
        django_client = Client()
        django_client.force_login(user)
        self.base = base
        self.jar = CookieJar()
        self.jar.set_cookie(_cookie("sessionid", django_client.cookies["sessionid"].value))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def form(self, path: str) -> dict:
        status, page = self.open(path)
        assert status == 200, (path, status)
        return {
            "csrfmiddlewaretoken": CSRF.search(page).group(1),
            "version": VERSION.search(page).group(1),
        }


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip


def test_twenty_clients_lose_no_write(server, directory, users):
    published = plans.publish_plan(
        plans.import_plan_json(small_plan_json(), directory["a"], users["office"]), users["office"]
    )
    draft = plans.import_plan_json(small_plan_json(), directory["a"], users["office"])
    q1 = cycle(published)
    the_task = task(published, "1")
    focal = [users["focal_stp"]] + [
        create_user(f"focal_stp_{i}", Role.FOCAL_POINT, directory["stp"])[0] for i in range(6)
    ]
    officers = [users["office"], users["admin"]]
    report_url = f"/reporting/plans/{published.pk}/agencies/{directory['stp'].pk}/?cycle={q1.pk}"
    plan_url = f"/plans/{draft.pk}/edit/"
    task_url = f"/tasks/{the_task.pk}/"

    def write(kind: str, browser: Browser, marker: str) -> tuple[int, str]:
        if kind == "report":
            data = browser.form(report_url)
            data.update(action="save", cycle=q1.pk, shortcomings=marker, proposals="Đề xuất")
            return browser.open(report_url, data)
        if kind == "plan":
            data = browser.form(plan_url)
            data.update(
                kind="ke_hoach",
                issuer="Ủy ban nhân dân tỉnh A",
                number="1/KH-UBND",
                signed="20/12/2024",
                title=marker,
                period_start="01/01/2025",
                period_end="31/12/2025",
            )
            return browser.open(plan_url, data)
        data = browser.form(task_url)
        data.update(action="progress", progress="50", note=marker)
        return browser.open(task_url, data)

    outcomes = defaultdict(lambda: {"accepted": [], "stale": [], "other": []})
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    kinds = [("report", "task", "plan")[number % 3] for number in range(CLIENTS)]
    browsers = [
        Browser(server, officers[n % 2] if kind == "plan" else focal[n % len(focal)])
        for n, kind in enumerate(kinds)
    ]

    def run(number: int) -> None:
        kind, browser = kinds[number], browsers[number]
        start.wait()
        for round_ in range(ROUNDS):
            marker = f"{kind}-client{number}-round{round_}"
            status, page = write(kind, browser, marker)
            if status == 302:
                verdict = "accepted"
            elif status == 200 and STALE[kind] in page:
                verdict = "stale"
            else:
                verdict = "other"
                marker = (marker, status, page[:300])
            with lock:
                outcomes[kind][verdict].append(marker)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began

    for kind in ("report", "task", "plan"):
        counts = {verdict: len(found) for verdict, found in outcomes[kind].items()}
        print(f"{kind}: {counts} in {elapsed:.1f} s")
        assert outcomes[kind]["other"] == []
        assert outcomes[kind]["accepted"], f"no {kind} write went through"
    assert sum(len(outcomes[k]["stale"]) for k in outcomes) > 0, "no contention happened"

    # The report and the plan: one history record per accepted write, each with its
    # own version, none for a refused one; the latest accepted write is what is shown.
    report = AgencyReport.objects.get(cycle=q1, agency=directory["stp"])
    for kind, obj, field in (("report", report, "shortcomings"), ("plan", draft, "title")):
        obj.refresh_from_db()
        history = list(obj.history.values_list(field, "version"))
        written = [(text, version) for text, version in history if "-client" in text]
        accepted = set(outcomes[kind]["accepted"])
        assert sorted(text for text, _v in written) == sorted(accepted), kind
        versions = sorted(version for _t, version in written)
        assert len(set(versions)) == len(versions), f"{kind}: two writes share a version"
        assert getattr(obj, field) == max(written, key=lambda row: row[1])[0]
        assert obj.version == versions[-1]
        assert not set(outcomes[kind]["stale"]) & {text for text, _v in history}

    # The task: one update per accepted write, none for a refused one.
    notes = list(TaskUpdate.objects.filter(task=the_task).values_list("note", flat=True))
    assert sorted(notes) == sorted(outcomes["task"]["accepted"])
    the_task.refresh_from_db()
    assert the_task.version == 1 + len(notes)
    assert Plan.objects.get(pk=draft.pk).is_draft
