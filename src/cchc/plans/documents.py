"""A plan as a Word document, from a ``docxtpl`` template the office can restyle in Word.

The template, ``templates/plans/ke-hoach.docx`` (A4 landscape, Times New
Roman), may use:

- ``plan``: the plan (``plan.issuer``, ``plan.number``, ``plan.title``,
  ``plan.get_kind_display()``, ...);
- ``facts``: (label, text) pairs of the document's metadata;
- ``tasks``: one row per task, with the texts ``ref``, ``parent``, ``content``,
  ``area``, ``lead``, ``coop``, ``products``, ``deadlines``, ``due``,
  ``status`` and ``progress`` (see ``cchc.tracking.spreadsheets.PLAN_TASKS``);
- ``targets``: the targets' texts.

Table rows repeat with ``{%tr for t in tasks %}`` … ``{%tr endfor %}``.
"""

from __future__ import annotations

import io
from pathlib import Path

from docxtpl import DocxTemplate

from cchc.plans.models import Plan

TEMPLATE = Path(__file__).parent / "templates" / "plans" / "ke-hoach.docx"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_plan(plan: Plan, facts: list[tuple[str, str]], tasks: list[dict[str, str]]) -> bytes:
    document = DocxTemplate(TEMPLATE)
    document.render(
        {
            "plan": plan,
            "facts": facts,
            "tasks": tasks,
            "targets": [target.text for target in plan.targets.all()],
        },
        autoescape=True,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
