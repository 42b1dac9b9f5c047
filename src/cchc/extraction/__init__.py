"""Plan extraction: a reform-plan document in, a structured ``PlanDraft`` out.

This package is a pure library: it imports no web framework. Its public entry
point is :func:`extract`, which reads a file of any supported format and
returns a :class:`~cchc.extraction.model.PlanDraft`.
"""

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.model import PlanDraft
from cchc.extraction.plan import extract, extract_layout

__all__ = ["PlanDraft", "UnreadableDocument", "extract", "extract_layout"]
