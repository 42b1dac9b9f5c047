"""Document metadata: kind, number, issuer, signing date, title, period.

STUB — to be implemented.
"""

from __future__ import annotations

from cchc.extraction.model import DocumentInfo


def read_document_info(lines: list[str]) -> DocumentInfo:
    raise NotImplementedError
