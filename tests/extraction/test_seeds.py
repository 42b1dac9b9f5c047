"""The figures the extraction issue asks for, on the five seed plans."""

from __future__ import annotations

import json
from pathlib import Path

from cchc.extraction import extract
from cchc.extraction.evaluate import overall, score_document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def test_seed_plans_reach_the_required_scores():
    scores = []
    for gold_path in sorted((SHARED / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        predicted = extract(SHARED / "seeds" / gold["source"]).to_json()
        scores.append(score_document(gold, predicted, gold_path.stem))
        print(scores[-1].line())
    total = overall(scores)
    print(total.line())
    assert total.task_f1 >= 0.98
    assert total.fully_correct >= 0.90
    assert total.target_f1 >= 0.90
    assert min(s.fully_correct for s in scores) >= 0.80
