"""The consolidated report as files: .docx (from a docxtpl template), .xlsx, and .pdf.

The Word file is rendered from ``templates/reporting/bao-cao-tong-hop.docx``
(written by :mod:`cchc.reporting.template_builder`; an office may restyle it in
Word). Its variables:

- header: ``issuer_top`` ("ỦY BAN NHÂN DÂN"), ``issuer_name`` ("TỈNH A"),
  ``issuer_title`` ("Ủy ban nhân dân tỉnh A"), ``number`` ("    /BC-UBND"),
  ``place``, ``day``, ``month``, ``year``, ``date_text`` ("05/03/2025");
- ``title``; ``body``: paragraphs ``{"heading": bool, "text": str}``;
- ``recipients`` (texts), ``signer_for``, ``signer_title``, ``signer_name``;
- appendix tables ``by_area`` / ``by_agency`` (rows with ``number``, ``label``
  and the counts ``total``, ``done_on_time``, ``done_late``, ``open_on_time``,
  ``open_overdue``, ``halted``, ``percent``), ``totals``, and ``targets``
  (``number``, ``text``, ``planned``, ``agency``, ``value``, ``assessment``: a
  numbered line per target with the province's result, then unnumbered lines of
  its agencies' figures).

The spreadsheet holds the same three tables; the PDF is the Word file converted
by LibreOffice when it is installed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docxtpl import DocxTemplate
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc.reporting.selectors import Consolidated, GroupRow
from cchc.reporting.template_builder import STATUS_FIELDS, TEMPLATE
from cchc.web.spreadsheets import workbook_bytes

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
PDF_TIMEOUT = 180  # seconds LibreOffice may take


class PdfUnavailable(Exception):
    """LibreOffice is not installed (or failed): no PDF, the .docx is still there."""


def number_text(value: Decimal | None) -> str:
    """A decimal as Vietnamese print writes it: "95,5"; "" for none."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def date_parts(day) -> dict[str, str]:
    """The date line's parts (Nghị định 30: a zero before days under 10 and months 1 and 2)."""
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": str(day.year),
        "date_text": day.strftime("%d/%m/%Y"),
    }


def _issuer_lines(issuer: str) -> tuple[str, str]:
    top = "ỦY BAN NHÂN DÂN"
    for prefix in (top, "UỶ BAN NHÂN DÂN"):
        if issuer.startswith(prefix + " "):
            return top, issuer[len(prefix) + 1 :]
    return issuer, ""


def _group_rows(rows: list[GroupRow]) -> list[dict]:
    return [
        {"number": i, "label": row.label, **{name: row.counts[name] for name in STATUS_FIELDS}}
        for i, row in enumerate(rows, 1)
    ]


def _target_rows(report: Consolidated) -> list[dict]:
    """Phụ lục III's lines: a numbered line per target (the province's result), then
    its agencies' lines, unnumbered, the agency's name after a dash."""
    rows, number = [], 0
    for row in report.targets:
        number += row.headline
        rows.append(
            {
                "number": number if row.headline else "",
                "text": row.target.text if row.headline else "",
                "planned": row.planned if row.headline else "",
                "agency": row.agency if row.headline else f"- {row.agency}",
                "value": number_text(row.value),
                "value_number": row.value,
                "assessment": row.assessment,
            }
        )
    return rows


def _names(reports) -> str:
    return ", ".join(r.agency.name for r in reports)


def body(report: Consolidated) -> list[dict]:
    """The report's body paragraphs, in the order of the official outline."""
    t, cycle = report.totals, report.cycle
    lines: list[dict] = []

    def heading(text):
        lines.append({"heading": True, "text": text})

    def text(value):
        lines.append({"heading": False, "text": value})

    def agency_texts(items, empty):
        for agency, value in items:
            text(f"- {agency}: {value}")
        if not items:
            text(empty)

    none_accepted = _("(No agency report has been accepted yet.)")
    heading(_("I. RESULTS ACHIEVED"))
    heading(_("1. Implementation of the plan"))
    text(
        _(
            "Plan %(plan)s has %(total)d tasks. As of %(cutoff)s (the data cut-off date), "
            "%(done)d tasks have been completed (%(percent)d%%), of which %(on_time)d were "
            "completed on time and %(late)d were completed late; %(open)d tasks are in progress "
            "within their deadline; %(overdue)d tasks are unfinished and overdue; %(halted)d "
            "tasks are halted or not carried out. Details in Appendix I and Appendix II."
        )
        % {
            "plan": report.plan.number or report.plan.title,
            "total": t["total"],
            "cutoff": cycle.data_end.strftime("%d/%m/%Y"),
            "done": t["done"],
            "percent": t["percent"],
            "on_time": t["done_on_time"],
            "late": t["done_late"],
            "open": t["open_on_time"],
            "overdue": t["open_overdue"],
            "halted": t["halted"],
        }
    )
    sending = _(
        "%(sent)d/%(owing)d agencies have sent their report, %(accepted)d reports have been "
        "accepted."
    ) % {"sent": len(report.sent), "owing": len(report.reports), "accepted": len(report.accepted)}
    if report.late:
        sending += " " + _("Sent late: %(names)s.") % {"names": _names(report.late)}
    if report.missing:
        sending += " " + _("Not sent: %(names)s.") % {"names": _names(report.missing)}
    text(sending)
    heading(_("2. Results in each area"))
    narratives = dict(report.results)
    for number, row in enumerate(report.by_area, 1):
        heading(f"2.{number}. {row.label}")
        text(
            _("%(total)d tasks carried out, %(done)d completed (%(percent)d%%).")
            % {
                "total": row.counts["total"],
                "done": row.counts["done"],
                "percent": row.counts["percent"],
            }
        )
        for agency, value in narratives.pop(row.label, []):
            text(f"- {agency}: {value}")
    for label, items in narratives.items():  # an area the agencies wrote about without tasks
        heading(label)
        agency_texts(items, "")
    heading(_("II. SHORTCOMINGS, LIMITATIONS AND CAUSES"))
    heading(_("1. Shortcomings and limitations"))
    agency_texts(report.shortcomings, none_accepted)
    heading(_("2. Causes"))
    agency_texts(report.causes, none_accepted)
    heading(_("III. DIRECTIONS, TASKS FOR THE COMING PERIOD AND PROPOSALS"))
    agency_texts(report.proposals, none_accepted)
    text(
        _("This is the %(title)s report of %(issuer)s./.")
        % {
            "title": report.title[:1].lower() + report.title[1:],
            "issuer": report.plan.province.name,
        }
    )
    return lines


def context(report: Consolidated) -> dict:
    """What the Word template (and the preview page) print."""
    top, name = _issuer_lines(report.issuer)
    return {
        "issuer_top": top,
        "issuer_name": name,
        "issuer_title": report.plan.province.name,
        "number": report.signature["number"],
        "place": report.place,
        **date_parts(report.day),
        "title": report.title,
        "body": body(report),
        "recipients": report.signature["recipients"],
        "signer_for": report.signature["signer_for"],
        "signer_title": report.signature["signer_title"],
        "signer_name": report.signature["signer_name"],
        "by_area": _group_rows(report.by_area),
        "by_agency": _group_rows(report.by_agency),
        "totals": {name: report.totals[name] for name in STATUS_FIELDS},
        "targets": _target_rows(report),
    }


def render_docx(report: Consolidated, template: Path = TEMPLATE) -> bytes:
    document = DocxTemplate(template)
    document.render(context(report), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the spreadsheet -------------------------------------------------------------------

STATUS_HEADERS = [
    gettext_lazy("Total tasks"),
    gettext_lazy("Completed on time"),
    gettext_lazy("Completed late"),
    gettext_lazy("Unfinished — within deadline"),
    gettext_lazy("Unfinished — overdue"),
    gettext_lazy("Halted"),
    gettext_lazy("Completion rate (%)"),
]
HEADER_ROW = 3  # row 1: the table's title; row 3: the column headers; data from row 4


def _sheet(workbook, title: str, caption: str, headers: list[str], rows: list[list], widths):
    sheet = workbook.create_sheet(title)
    sheet.cell(1, 1, caption).font = Font(name="Times New Roman", bold=True, size=13)
    thin = Side(style="thin")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for column, header in enumerate(headers, 1):
        cell = sheet.cell(HEADER_ROW, column, str(header))
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
    for r, values in enumerate(rows, HEADER_ROW + 1):
        for column, value in enumerate(values, 1):
            cell = sheet.cell(r, column, value)
            cell.font = Font(name="Times New Roman")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)


def render_xlsx(report: Consolidated) -> bytes:
    """The three appendix tables, one sheet each, numbers as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    period = report.cycle.label

    def counts(row: GroupRow) -> list:
        return [row.counts[name] for name in STATUS_FIELDS]

    widths = [6, 45, *[14] * len(STATUS_FIELDS)]
    area_rows = [[i, row.label, *counts(row)] for i, row in enumerate(report.by_area, 1)]
    area_rows.append(["", _("Total"), *[report.totals[name] for name in STATUS_FIELDS]])
    _sheet(
        workbook,
        _("By area"),
        _("Appendix I. Task implementation by area — %(period)s") % {"period": period},
        ["STT", _("Area"), *STATUS_HEADERS],
        area_rows,
        widths,
    )
    _sheet(
        workbook,
        _("By agency"),
        _("Appendix II. Task implementation by lead agency — %(period)s") % {"period": period},
        ["STT", _("Lead agency"), *STATUS_HEADERS],
        [[i, row.label, *counts(row)] for i, row in enumerate(report.by_agency, 1)],
        widths,
    )
    _sheet(
        workbook,
        _("Indicators"),
        _("Appendix III. Indicator results — %(period)s") % {"period": period},
        [
            "STT",
            _("Indicators"),
            _("Plan"),
            _("Scope / agency"),
            _("Result"),
            _("Assessment"),
        ],
        [
            [
                row["number"],
                row["text"],
                row["planned"],
                row["agency"],
                row["value_number"],
                row["assessment"],
            ]
            for row in _target_rows(report)
        ],
        [6, 60, 14, 30, 14, 14],
    )
    return workbook_bytes(workbook)


# --- PDF through LibreOffice -----------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert with ``soffice --headless --convert-to pdf`` (its own throw-away profile,
    so that conversions may run side by side). Raises PdfUnavailable."""
    program = soffice()
    if program is None:
        raise PdfUnavailable(_("LibreOffice is not installed on the server."))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "bao-cao.docx"
        source.write_bytes(docx)
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable(_("LibreOffice could not convert the file to PDF.")) from exc
        result = source.with_suffix(".pdf")
        if not result.exists():
            raise PdfUnavailable(_("LibreOffice could not convert the file to PDF."))
        return result.read_bytes()
