"""The statistics table as an .xlsx workbook (numbers stay numbers; rates get a 0.00 format)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.onestop.selectors import METRIC_KEYS, RATE_KEYS, metric_labels
from cchc.web.spreadsheets import workbook_bytes


def statistics_workbook(title: str, rows: list[dict], agency_names: dict[int, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statistics")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    labels = metric_labels()
    sheet.append([_("Period"), _("Agency")] + [labels[k] for k in METRIC_KEYS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [row["period"].label, agency_names.get(row["agency_id"], row["agency_id"])]
        # Rates as floats for the sheet; the workbook rounds them only by its number format.
        values += [
            float(row[k]) if k in RATE_KEYS and row[k] is not None else row[k] for k in METRIC_KEYS
        ]
        sheet.append(values)
    first_rate = 3 + METRIC_KEYS.index(next(iter(RATE_KEYS)))
    for column in range(first_rate, 3 + len(METRIC_KEYS)):
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            cell.number_format = "0.00"
    sheet.column_dimensions["B"].width = 40
    for column in range(3, 3 + len(METRIC_KEYS)):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.freeze_panes = "C3"
    return workbook_bytes(book)
