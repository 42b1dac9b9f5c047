"""The scorer follows SCHEMA.md: pairing, field rules, weighting."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from cchc.extraction.evaluate import agencies_equal, overall, score_document

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "004_8812cb5c7dd48dac.json"


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def test_gold_scores_perfectly_against_itself():
    gold = _gold()
    score = score_document(gold, copy.deepcopy(gold))
    assert score.task_f1 == score.fully_correct == score.target_f1 == 1.0


def test_a_wrong_field_costs_that_task_only():
    gold = _gold()
    pred = copy.deepcopy(gold)
    pred["tasks"][0]["lead"] = ["Sở Y tế"]
    pred["tasks"][1]["deliverables"][0]["deadline"]["due"] = "1999-01-01"
    score = score_document(gold, pred)
    n = len(gold["tasks"])
    assert score.task_f1 == 1.0
    assert score.fully_correct == (n - 2) / n
    assert [w["fields"] for w in score.wrong] == [["lead"], ["deadline"]]


def test_missing_and_extra_tasks_lower_task_f1():
    gold = _gold()
    pred = copy.deepcopy(gold)
    pred["tasks"] = pred["tasks"][:-10] + [dict(pred["tasks"][0], content="Một nhiệm vụ khác hẳn")]
    score = score_document(gold, pred)
    precision = (len(gold["tasks"]) - 10) / (len(gold["tasks"]) - 9)
    recall = (len(gold["tasks"]) - 10) / len(gold["tasks"])
    assert abs(score.task_f1 - 2 * precision * recall / (precision + recall)) < 1e-9


def test_agency_names_compare_after_normalising():
    assert agencies_equal(["Ủy ban nhân dân quận, huyện"], ["UBND quận, huyện"])
    assert agencies_equal(["Sở Thông tin và Truyền thông"], ["Sở Thông tin & Truyền thông"])
    assert agencies_equal(["Các sở, ban, ngành"], ["sở, ban, ngành"])
    assert not agencies_equal(["Sở Nội vụ"], ["Sở Nội vụ", "Sở Tư pháp"])
    assert not agencies_equal(["Sở Nội vụ"], ["Sở Y tế"])


def test_overall_weights_by_gold_tasks():
    gold = _gold()
    perfect = score_document(gold, copy.deepcopy(gold))
    empty = score_document({"tasks": gold["tasks"][:2], "targets": []}, {"tasks": []})
    total = overall([perfect, empty])
    n = len(gold["tasks"])
    assert abs(total.fully_correct - n / (n + 2)) < 1e-9


def test_documents_that_are_not_plans_are_counted_apart():
    gold = _gold()
    perfect = score_document(gold, copy.deepcopy(gold))
    not_plan = {"tasks": [], "targets": []}
    quiet = score_document(not_plan, {"tasks": []})
    fooled = score_document(not_plan, {"tasks": gold["tasks"][:3]})
    total = overall([perfect, quiet, fooled])
    assert (total.not_plans_ok, total.not_plans) == (1, 2)
    assert total.fully_correct == 1.0  # weighted by gold tasks: a non-plan weighs nothing
    assert total.line().endswith("not_a_plan_ok=1/2")
