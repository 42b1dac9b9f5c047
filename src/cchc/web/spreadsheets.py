"""Every .xlsx and .csv the platform hands out goes through here: no cell is ever a formula.

Text typed by users (a plan's content, an agency's name) may begin with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return; a spreadsheet program opening
an export would run it as a formula (``=HYPERLINK(...)``, ``=cmd|...``). So:

- in an .xlsx, such a cell is stored as text with the "quote prefix" style
  (what Excel itself does when one types ``'=...``): the text reads back
  unchanged, shows unchanged, and stays text when edited;
- in a .csv, such a value gets a leading apostrophe (OWASP's advice), which
  :func:`csv_value` removes again when the file is imported.

Numbers stay numbers: ints, floats and Decimals are written as they are, and a
CSV text that is only a number (``-12``, ``+3,5``) is left alone.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def risky(text: str) -> bool:
    """Whether a spreadsheet program would read ``text`` as a formula (or its start)."""
    return text.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(text)


def neutralise_workbook(workbook: Workbook) -> Workbook:
    """Turn every formula-looking cell of ``workbook`` into quote-prefixed text, in place."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or risky(value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of ``workbook``, with no live formula in any cell."""
    neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _quoted(text: str) -> bool:
    """Whether ``text`` (less any leading apostrophes) would be read as a formula."""
    return risky(text.lstrip("'"))


def csv_cell(value) -> str:
    """One CSV field: a formula-looking text gets a leading apostrophe (so does one that
    already had apostrophes before it, so that :func:`csv_value` gives it back exactly)."""
    text = "" if value is None else str(value)
    return "'" + text if _quoted(text) else text


def csv_bytes(rows) -> bytes:
    """Rows as CSV (UTF-8 with BOM, for Excel), every field through :func:`csv_cell`."""
    out = io.StringIO()
    csv.writer(out).writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def csv_value(text: str) -> str:
    """A field of an imported CSV with the apostrophe :func:`csv_cell` added taken off."""
    if text.startswith("'") and _quoted(text[1:]):
        return text[1:]
    return text
