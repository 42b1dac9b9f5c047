"""SQLite under load, on a file with real concurrent connections (not the in-memory test DB)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.jobs import sqlite_site

SCRIPT = Path(__file__).with_name("scenarios.py")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return sqlite_site.migrated(tmp_path_factory.mktemp("template"))


def scenario(template, folder, *args) -> dict:
    site = sqlite_site.site_from(template, folder)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=sqlite_site.environment(site),
        cwd=site,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@sqlite_site.own_site
def test_others_read_and_write_during_a_200k_row_import(template, tmp_path):
    figures = scenario(template, tmp_path / "site", "load", "200000")
    print(figures)
    assert figures["errors"] == []  # no "database is locked"
    assert figures["created"] == figures["dossiers"] == 200_000
    # The others kept working all along: their saves went through between the
    # import's chunks, each seeing another part of the file imported. With one
    # transaction for the whole file every save waited for its end and saw it all.
    # (How long they waited is printed above, measured, not asserted.)
    assert figures["partial"] >= 2
    assert figures["journal"] == "wal"


@sqlite_site.own_site
def test_a_second_confirmation_of_the_same_batch_returns_at_once(template, tmp_path):
    figures = scenario(template, tmp_path / "site", "confirm")
    print(figures)
    results = figures["results"]
    assert sorted(results, key=lambda r: "ok" in r)[1].get("ok") is True
    refused = next(r for r in results if "ok" not in r)
    assert refused.get("message") == (
        "Lần nhập này đã được xác nhận rồi (đang được xử lý hoặc đã xong)."
    ), refused
    assert all(r["seconds"] < 5 for r in results)
    # One job queued for the worker; nothing imported inside either request.
    assert (figures["status"], figures["jobs"], figures["dossiers"]) == ("queued", 1, 0)
