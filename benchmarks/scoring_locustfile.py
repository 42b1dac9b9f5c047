"""Locust clients for ``benchmarks/scoring.py --web`` (run by it; not on its own).

Each simulated client takes one of the prepared sessions (the reform office and focal
points of a department and a commune, round-robin) and, with no think time, loads at
random the results page of the departments' round, of the communes' round, or the
minimal page of the same app (the reform index's index page). A page counts as a
failure unless it answers 200 without a redirect.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from locust import FastHttpUser, constant, task

CONFIG = json.loads(Path(os.environ["CCHC_BENCH_CONFIG"]).read_text(encoding="utf-8"))
_next_session = itertools.count()


class Reader(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        sessions = CONFIG["sessions"]
        self.cookie = {"Cookie": f"sessionid={sessions[next(_next_session) % len(sessions)]}"}

    def _get(self, url: str, name: str) -> None:
        with self.client.get(
            url, name=name, headers=self.cookie, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task
    def results_departments(self) -> None:
        self._get(f"/scoring/rounds/{CONFIG['rounds']['department']}/results/", CONFIG["names"][0])

    @task
    def results_communes(self) -> None:
        self._get(f"/scoring/rounds/{CONFIG['rounds']['commune']}/results/", CONFIG["names"][1])

    @task
    def minimal(self) -> None:
        self._get("/scoring/", CONFIG["names"][2])
