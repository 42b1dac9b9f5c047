"""`manage.py check --deploy` is clean with the README's production settings (and is not
without the HTTPS ones: the check can fail)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_exports() -> dict[str, str]:
    """The ``export NAME=value`` lines of the README's "Production set-up" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Production set-up", 1)[1].split("\n## ", 1)[0]
    found = {}
    for name, value in re.findall(r"^export (\w+)=(\S+)", section, flags=re.MULTILINE):
        found[name] = value.strip("'\"")
    return found


def _check(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    return _manage(env, tmp_path, "check", "--deploy", "--fail-level", "WARNING")


def _manage(env: dict[str, str], tmp_path, *command: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_"))}
    clean.update(env)
    clean["SECRET_KEY"] = "x" * 20 + "-a-long-random-production-key-0123456789-abcdef"
    clean["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    clean["CCHC_DATA_DIR"] = str(tmp_path)
    clean["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", "manage", *command],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_production_settings_pass_check_deploy(tmp_path):
    env = readme_exports()
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "SECURE_SSL_REDIRECT"):
        assert name in env, name
    result = _check(env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_without_the_https_settings_the_check_warns(tmp_path):
    env = {k: v for k, v in readme_exports().items() if not k.startswith("SECURE_")}
    result = _check(env, tmp_path)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
    assert "security.W008" in result.stderr + result.stdout  # no SSL redirect


def test_migrate_makes_the_cache_table_the_rate_limits_count_in(tmp_path):
    # The test database gets it from Django's test runner; a real one only from migrate.
    result = _manage(readme_exports(), tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "cchc_cache" in tables
