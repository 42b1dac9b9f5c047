"""Section headings → reform area codes (``cchc.extraction.model.AREAS``).

STUB — to be implemented.
"""

from __future__ import annotations


def classify_area(heading: str) -> str | None:
    raise NotImplementedError
