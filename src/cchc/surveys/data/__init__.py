"""Package data: the shipped questionnaires and the per-dossier rating criteria, with sources.

``questionnaires.json``: SIPAS (QĐ 2640/QĐ-BNV 2017, 5 factors) and the per-dossier form.
``dossier_eval_tt01_2018.json``: the 9 criteria of NĐ 61/2018 / TT 01/2018 with their levels
(``verified`` says which levels were found in a source). The product reads only these copies.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _json(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def load(apps=None) -> None:
    """Create or update the shipped questionnaires and criteria (idempotent)."""
    if apps is None:
        from django.apps import apps
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Factor = apps.get_model("surveys", "Factor")
    Question = apps.get_model("surveys", "Question")
    RatingCriterion = apps.get_model("surveys", "RatingCriterion")
    for item in _json("questionnaires.json")["questionnaires"]:
        fields = {k: v for k, v in item.items() if k not in ("code", "factors", "questions")}
        questionnaire, _created = Questionnaire.objects.update_or_create(
            code=item["code"], defaults=fields
        )
        factors = {}
        for order, factor in enumerate(item["factors"]):
            factors[factor["code"]], _created = Factor.objects.update_or_create(
                questionnaire=questionnaire,
                code=factor["code"],
                defaults={"name": factor["name"], "order": order},
            )
        for order, question in enumerate(item["questions"]):
            Question.objects.update_or_create(
                questionnaire=questionnaire,
                code=question["code"],
                defaults={
                    "factor": factors.get(question.get("factor")),
                    "text": question["text"],
                    "kind": question["kind"],
                    "choices": question.get("choices", []),
                    "required": question.get("required", True),
                    "order": order,
                },
            )
    evaluation = _json("dossier_eval_tt01_2018.json")
    source = " ; ".join(evaluation["sources"])
    for criterion in evaluation["criteria"]:
        rule = criterion["rule"]
        verified = {True: "yes", False: "no"}.get(criterion["verified"], str(criterion["verified"]))
        RatingCriterion.objects.update_or_create(
            no=criterion["no"],
            defaults={
                "name": criterion["name"],
                "max_points": criterion["max"],
                "levels": rule if isinstance(rule, list) else [],
                "verified": verified,
                "source": source,
            },
        )
