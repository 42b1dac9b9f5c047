"""Locust clients for ``benchmarks/web.py`` (run by it; not on its own).

Each simulated client takes one of the logged-in sessions that ``web.py``
prepared (round-robin over the reform office, the leader and several focal
points) and, with no think time, loads in turn at random the plan dashboard of
a random plan, its own agency's task list and the page of a random task. A page
counts as a failure unless it answers 200 without a redirect.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

CONFIG = json.loads(Path(os.environ["CCHC_BENCH_CONFIG"]).read_text(encoding="utf-8"))
_next_session = itertools.count()


class Officer(FastHttpUser):
    wait_time = constant(CONFIG.get("think", 0))

    def on_start(self) -> None:
        sessions = CONFIG["sessions"]
        session = sessions[next(_next_session) % len(sessions)]
        self.cookie = {"Cookie": f"sessionid={session['sessionid']}"}
        self.rng = random.Random()

    def _get(self, url: str, name: str) -> None:
        with self.client.get(
            url, name=name, headers=self.cookie, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task
    def plan_dashboard(self) -> None:
        plan = self.rng.choice(CONFIG["plans"])
        self._get(f"/plans/{plan}/dashboard/", "plan dashboard")

    @task
    def my_tasks(self) -> None:
        self._get("/my-tasks/", "my tasks")

    @task
    def task_page(self) -> None:
        low, high = CONFIG["tasks"]
        self._get(f"/tasks/{self.rng.randint(low, high)}/", "task page")
