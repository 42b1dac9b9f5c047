"""Measurable targets (chỉ tiêu) in plan sentences → ``Target`` list.

STUB — to be implemented.
"""

from __future__ import annotations

from datetime import date

from cchc.extraction.model import Target


def find_targets(paragraphs: list[str], default_due: date | None) -> list[Target]:
    raise NotImplementedError
