"""The demo runs one worker beside its server: an upload through the real server is
extracted by that worker, with SQLite only (no broker, no PostgreSQL)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import requests
from tests.jobs import sqlite_site
from tests.web.factories import SEED_FILES


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@sqlite_site.own_site
def test_the_demo_extracts_an_upload_in_its_worker(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    port = _free_port()
    env = {**sqlite_site.environment(tmp_path), "DEBUG": "1"}
    del env["DATABASE_URL"]  # the demo's own default: SQLite under CCHC_DATA_DIR
    demo = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "manage", "demo", "--seeds", str(seeds),
         "--addr", f"127.0.0.1:{port}"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = []
    try:
        for line in demo.stdout:
            lines.append(line)
            if "Tiến trình chạy việc nền" in line:
                break
        output = "".join(lines)
        worker_pid = int(re.search(r"pid (\d+)", output).group(1))
        password = re.search(r"quantri\s+(\S+)", output).group(1)
        site, web = f"http://127.0.0.1:{port}", requests.Session()
        for _ in range(100):
            try:
                login = web.get(f"{site}/accounts/login/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        web.post(
            f"{site}/accounts/login/",
            {"username": "quantri", "password": password, "csrfmiddlewaretoken": _token(login.text)},
        )  # fmt: skip
        form = web.get(f"{site}/plans/import/").text
        province = re.search(r'<option value="(\d+)"', form).group(1)
        uploaded = web.post(
            f"{site}/plans/import/",
            {"province": province, "csrfmiddlewaretoken": _token(form)},
            files={"document": ("ke-hoach.txt", SEED_FILES[1].read_bytes())},
        )
        assert re.search(r"/plans/\d+/$", uploaded.url), uploaded.text[:500]
        seen = []
        for _ in range(300):
            page = web.get(uploaded.url).text
            seen.append(re.search(r'id="extraction-state">([^<]*)<', page).group(1))
            if seen[-1] not in ("Đang chờ trích xuất", "Đang trích xuất"):
                break
            time.sleep(0.2)
        assert seen[-1] == "Đã trích xuất", seen  # done by the worker, not in the request
        assert "Chưa có nhiệm vụ." not in page
    finally:
        demo.send_signal(signal.SIGINT)  # Ctrl-C: the demo stops its worker too
        demo.wait(60)
    assert not os.path.exists(f"/proc/{worker_pid}")
