"""Spreadsheet rows, streamed and bounded: the one way every XLSX import reads a file.

The task-list update, the agency directory and the one-stop dossier import all
read their .xlsx through :func:`rows`. A sheet's declared dimension
(``<dimension ref="A1:XFD6001"/>``) is ignored: openpyxl would pad every row to
it, so a 36 KB file became 98 million cells. Rows are read in openpyxl's
read-only (streaming) mode, cut to ``columns`` cells, counted against
``Limits.rows`` and ``Limits.cells``; the parts of the zip are checked
(``limits.check_zip``) before openpyxl unpacks any of them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cchc.extraction import limits as limits_module
from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.limits import Limits, refuse

DAMAGED = "tệp Excel bị hỏng hoặc không phải .xlsx / damaged Excel file or not .xlsx"


def rows(
    source: bytes | BinaryIO | str | Path,
    name: str,
    *,
    columns: int | None = None,
    limits: Limits | None = None,
    streamed_mb: int | None = None,
    sheet: str | None = None,
) -> Iterator[list[object]]:
    """The rows of the first sheet (or of the sheet named ``sheet``) as lists of at most
    ``columns`` values (typed, as stored).

    Raises ``UnreadableDocument`` (reason in Vietnamese and English, naming the
    limit) for a damaged file or one over the limits, before or while reading.
    ``streamed_mb`` lets a caller built for big exports (one-stop dossiers)
    accept larger worksheets, which are streamed and never held whole.
    """
    limits = limits or limits_module.current()
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    limits_module.check_zip(
        source, name, limits, streamed=("xl/worksheets/",), streamed_mb=streamed_mb, damaged=DAMAGED
    )
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
        worksheets = book.worksheets
    except UnreadableDocument:
        raise
    except Exception as exc:  # openpyxl raises many kinds (a part missing: KeyError)
        raise UnreadableDocument(name, DAMAGED) from exc
    if not worksheets:
        raise UnreadableDocument(name, DAMAGED)
    worksheet = book[sheet] if sheet is not None else worksheets[0]  # KeyError: no such sheet
    width = min(columns or limits.columns, limits.columns)
    worksheet.reset_dimensions()  # the declared size is not to be trusted
    count = cells = 0
    try:
        for row in worksheet.iter_rows(values_only=True, max_col=width):
            count += 1
            if count > limits.rows:
                raise refuse(
                    name,
                    f"bảng tính quá nhiều dòng (hơn {limits.rows})",
                    f"too many rows in the spreadsheet (over {limits.rows})",
                )
            values = list(row)
            while values and values[-1] is None:
                values.pop()
            cells += len(values)
            if cells > limits.cells:
                raise refuse(
                    name,
                    f"bảng tính quá nhiều ô (hơn {limits.cells})",
                    f"too many cells in the spreadsheet (over {limits.cells})",
                )
            yield values
    except UnreadableDocument:
        raise
    except Exception as exc:  # a damaged part found while streaming
        raise UnreadableDocument(name, DAMAGED) from exc
    finally:
        book.close()
