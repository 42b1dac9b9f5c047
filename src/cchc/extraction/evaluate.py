"""Scoring of extracted plans against gold files (SCHEMA.md, section "Scoring").

Tasks are paired one-to-one by content similarity (best pairs first, never
below 0.85); fields are compared over the pairs; ``fully_correct`` is the share
of gold tasks matched with every field right. Targets are paired by text
similarity (≥ 0.6) and count when value, comparator and the kind of unit agree.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from cchc.extraction.fields.text import collapse, nfc

TASK_THRESHOLD = 0.85
AGENCY_THRESHOLD = 0.9
PRODUCT_THRESHOLD = 0.9
TARGET_THRESHOLD = 0.6
FIELDS = ("lead", "coop", "deadline", "product", "area", "parent")

# Old-style tone placement ("hoà", "uỷ") rewritten to the modern one ("hòa", "ủy").
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE_RE = re.compile("|".join(_OLD_TONES))
_PUNCT = re.compile("[" + re.escape(string.punctuation + "“”‘’–—…") + "]")


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def norm_content(text: str | None) -> str:
    return collapse(nfc(text or "")).lower()


def norm_agency(name: str) -> str:
    text = norm_content(name)
    text = _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(0)], text)
    text = re.sub(r"\bubnd\b", "ủy ban nhân dân", text)
    text = text.replace("&", " và ")
    text = _PUNCT.sub(" ", text)
    text = collapse(text)
    return re.sub(r"^các\s+", "", text)


def pair_best_first(gold: list[str], pred: list[str], threshold: float) -> dict[int, int]:
    """One-to-one pairing gold index → predicted index, best similarity first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            matcher = SequenceMatcher(None, g, p, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold:
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _score, gi, pi in candidates:
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def agencies_equal(gold: list[str], pred: list[str]) -> bool:
    if len(gold) != len(pred):
        return False
    g = [norm_agency(x) for x in gold]
    p = [norm_agency(x) for x in pred]
    return len(pair_best_first(g, p, AGENCY_THRESHOLD)) == len(g)


def deadlines_equal(gold: list[dict], pred: list[dict]) -> bool:
    if len(gold) != len(pred):
        return False
    for g, p in zip(gold, pred, strict=True):
        gd, pd = g.get("deadline") or {}, p.get("deadline") or {}
        if gd.get("kind") != pd.get("kind"):
            return False
        if gd.get("kind") in ("date", "recurring") and (
            gd.get("start") != pd.get("start") or gd.get("due") != pd.get("due")
        ):
            return False
    return True


def products_equal(gold: list[dict], pred: list[dict]) -> bool:
    if len(gold) != len(pred):
        return False
    for g, p in zip(gold, pred, strict=True):
        gp, pp = g.get("product"), p.get("product")
        if gp is None or pp is None:
            if gp != pp:
                return False
        elif similarity(norm_content(gp), norm_content(pp)) < PRODUCT_THRESHOLD:
            return False
    return True


def _f1(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = hits / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    recall = hits / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class DocumentScore:
    name: str
    gold_tasks: int
    pred_tasks: int
    matched: int
    task_f1: float
    fully_correct: float
    field_accuracy: dict[str, float | None]  # None: no matched pair had the field
    gold_targets: int
    pred_targets: int
    target_f1: float
    wrong: list[dict] = field(default_factory=list)  # per gold task: which fields failed

    def line(self) -> str:
        fields = _fields_text(self.field_accuracy)
        return (
            f"{self.name}: tasks gold={self.gold_tasks} pred={self.pred_tasks} "
            f"matched={self.matched} task_f1={self.task_f1:.3f} "
            f"fully_correct={self.fully_correct:.3f} target_f1={self.target_f1:.3f} "
            f"(targets gold={self.gold_targets} pred={self.pred_targets}) {fields}"
        )


def score_document(gold: dict, pred: dict, name: str = "") -> DocumentScore:
    gold_tasks = gold.get("tasks") or []
    pred_tasks = pred.get("tasks") or []
    pairs = pair_best_first(
        [norm_content(t.get("content")) for t in gold_tasks],
        [norm_content(t.get("content")) for t in pred_tasks],
        TASK_THRESHOLD,
    )
    gold_ref_index = {t.get("ref"): i for i, t in enumerate(gold_tasks)}
    field_hits = dict.fromkeys(FIELDS, 0)
    field_counts = dict.fromkeys(FIELDS, 0)
    fully = 0
    wrong: list[dict] = []
    for gi, gt in enumerate(gold_tasks):
        if gi not in pairs:
            wrong.append({"ref": gt.get("ref"), "unmatched": True})
            continue
        pt = pred_tasks[pairs[gi]]
        checks = {
            "lead": agencies_equal(gt.get("lead") or [], pt.get("lead") or []),
            "coop": agencies_equal(gt.get("coop") or [], pt.get("coop") or []),
            "deadline": deadlines_equal(gt.get("deliverables") or [], pt.get("deliverables") or []),
            "product": products_equal(gt.get("deliverables") or [], pt.get("deliverables") or []),
        }
        if gt.get("area") is not None:
            checks["area"] = gt.get("area") == pt.get("area")
        gold_parent = gt.get("parent")
        if gold_parent is None:
            checks["parent"] = pt.get("parent") is None
        else:
            parent_index = gold_ref_index.get(gold_parent)
            matched_parent = pairs.get(parent_index) if parent_index is not None else None
            checks["parent"] = matched_parent is not None and pt.get("parent") == pred_tasks[
                matched_parent
            ].get("ref")
        for key, ok in checks.items():
            field_counts[key] += 1
            field_hits[key] += ok
        if all(checks.values()):
            fully += 1
        else:
            wrong.append(
                {"ref": gt.get("ref"), "fields": [k for k, ok in checks.items() if not ok]}
            )

    _, _, task_f1 = _f1(len(pairs), len(pred_tasks), len(gold_tasks))
    gold_targets = gold.get("targets") or []
    pred_targets = pred.get("targets") or []
    target_pairs = pair_best_first(
        [norm_content(t.get("text")) for t in gold_targets],
        [norm_content(t.get("text")) for t in pred_targets],
        TARGET_THRESHOLD,
    )
    target_hits = sum(
        1 for gi, pi in target_pairs.items() if _target_agrees(gold_targets[gi], pred_targets[pi])
    )
    _, _, target_f1 = _f1(target_hits, len(pred_targets), len(gold_targets))
    return DocumentScore(
        name=name,
        gold_tasks=len(gold_tasks),
        pred_tasks=len(pred_tasks),
        matched=len(pairs),
        task_f1=task_f1,
        fully_correct=fully / len(gold_tasks) if gold_tasks else 1.0,
        field_accuracy={
            k: (field_hits[k] / field_counts[k] if field_counts[k] else None) for k in FIELDS
        },
        gold_targets=len(gold_targets),
        pred_targets=len(pred_targets),
        target_f1=target_f1,
        wrong=wrong,
    )


def _target_agrees(gold: dict, pred: dict) -> bool:
    try:
        same_value = float(gold.get("value")) == float(pred.get("value"))
    except (TypeError, ValueError):
        return False
    same_unit_kind = (gold.get("unit") == "%") == (pred.get("unit") == "%")
    return same_value and gold.get("comparator") == pred.get("comparator") and same_unit_kind


@dataclass
class Overall:
    documents: int
    task_f1: float
    fully_correct: float
    target_f1: float
    field_accuracy: dict[str, float | None]
    not_plans: int = 0  # documents whose gold has no task (SCHEMA.md: counted apart)
    not_plans_ok: int = 0  # … of which got no predicted task

    def line(self) -> str:
        fields = _fields_text(self.field_accuracy)
        apart = f" not_a_plan_ok={self.not_plans_ok}/{self.not_plans}" if self.not_plans else ""
        return (
            f"OVERALL ({self.documents} documents): task_f1={self.task_f1:.3f} "
            f"fully_correct={self.fully_correct:.3f} target_f1={self.target_f1:.3f} {fields}"
            f"{apart}"
        )


def _fields_text(accuracy: dict[str, float | None]) -> str:
    return " ".join(f"{k}={'n/a' if v is None else f'{v:.3f}'}" for k, v in accuracy.items())


def overall(scores: list[DocumentScore]) -> Overall:
    """Figures averaged over documents weighted by gold tasks (targets: gold targets).

    A field no document could be scored on (``None``) is left out of its average.
    Documents whose gold has no task weigh nothing here and are counted apart
    (``not_plans_ok``: those that got no predicted task either).
    """
    target_weight = sum(s.gold_targets for s in scores) or 1

    def by_tasks(values):
        pairs = [(v, s.gold_tasks) for v, s in zip(values, scores, strict=True) if v is not None]
        weight = sum(w for _, w in pairs)
        return sum(v * w for v, w in pairs) / weight if weight else None

    return Overall(
        documents=len(scores),
        task_f1=by_tasks([s.task_f1 for s in scores]),
        fully_correct=by_tasks([s.fully_correct for s in scores]),
        target_f1=sum(s.target_f1 * s.gold_targets for s in scores) / target_weight,
        field_accuracy={k: by_tasks([s.field_accuracy[k] for s in scores]) for k in FIELDS},
        not_plans=sum(1 for s in scores if not s.gold_tasks),
        not_plans_ok=sum(1 for s in scores if not s.gold_tasks and not s.pred_tasks),
    )
