"""From a layout to a ``PlanDraft``: find the task tables, walk their rows.

STUB — to be implemented.
"""

from __future__ import annotations

from pathlib import Path

from cchc.extraction import readers
from cchc.extraction.layout import Layout
from cchc.extraction.model import PlanDraft


def extract(path: str | Path, year: int | None = None) -> PlanDraft:
    """Read ``path`` (any supported format) and extract its plan."""
    layout = readers.read(path)
    return extract_layout(layout, year=year)


def extract_layout(layout: Layout, year: int | None = None) -> PlanDraft:
    return PlanDraft(source=layout.name)
