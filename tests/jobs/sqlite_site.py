"""The platform on a SQLite file of its own, in child processes (workers, a busy site).

The test database of pytest-django is in memory, where other processes cannot see
it and SQLite locks differently; these tests need the real thing: the production
settings on a file, several connections at once.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# These tests make their own SQLite site: the suite's second pass on PostgreSQL
# (scripts/test) would only repeat them.
own_site = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs on its own SQLite file; already run in the SQLite pass",
)


def environment(folder: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.web.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CCHC_DATA_DIR": str(folder),
        "SECRET_KEY": "test-only-key",
        "DEBUG": "0",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def manage(folder: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=environment(folder),
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def migrated(folder: Path) -> Path:
    """A migrated database file (made once, then copied for each test)."""
    folder.mkdir(parents=True, exist_ok=True)
    manage(folder, "migrate", "--verbosity", "0")
    with sqlite3.connect(folder / "db.sqlite3") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "db.sqlite3"


def site_from(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, folder / "db.sqlite3")
    return folder
