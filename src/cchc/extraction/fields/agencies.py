"""Agency cells → lists of full agency names (SCHEMA.md "lead"/"coop").

STUB — to be implemented.
"""

from __future__ import annotations


def parse_agencies(text: str | None) -> list[str]:
    raise NotImplementedError
