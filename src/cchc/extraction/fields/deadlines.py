"""Vietnamese deadline phrases → ``Deadline`` (SCHEMA.md "deadline.kind").

STUB — to be implemented.
"""

from __future__ import annotations

from cchc.extraction.model import Deadline


def parse_deadline(raw: str | None, year: int | None, last_year: int | None = None) -> Deadline:
    """One deadline phrase, relative to the plan's first year ``year``.

    ``last_year`` is the plan period's last year (multi-year programs).
    """
    raise NotImplementedError


def split_deadlines(raw: str | None) -> list[str]:
    """A cell that states several deadlines → one phrase per deadline, in order."""
    raise NotImplementedError
