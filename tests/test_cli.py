"""The ``cchc`` command as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "004_8812cb5c7dd48dac.txt"


def _cchc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_extract_prints_the_gold_format():
    result = _cchc("extract", str(SEED))
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert set(plan) == {"source", "document", "tasks", "targets"}
    assert plan["document"]["number"] == "142/KH-UBND"
    assert all({"ref", "content", "lead", "coop", "deliverables"} <= set(t) for t in plan["tasks"])


def test_extract_as_a_table_is_readable():
    result = _cchc("extract", str(SEED), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "142/KH-UBND" in result.stdout
    assert "nhiệm vụ" in result.stdout


def test_unreadable_file_exits_2_with_one_line(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = _cchc("extract", str(broken))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "hong.docx" in lines[0]
    assert "Traceback" not in result.stderr


def test_eval_over_source_files_prints_an_overall_line(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    gold = SHARED / "gold" / "004_8812cb5c7dd48dac.json"
    (tmp_path / "gold" / gold.name).write_bytes(gold.read_bytes())
    (tmp_path / "pred" / SEED.name).write_bytes(SEED.read_bytes())
    result = _cchc("eval", str(tmp_path / "gold"), str(tmp_path / "pred"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("OVERALL (1 documents)")
