"""Task lists and plans as XLSX: one column layout for every export and for the bulk update.

A column (:class:`Column`) names its header and how to read its value from a
task. ``TASK_LIST`` is the layout of every filtered task list (a plan's tasks,
overdue, due soon, "my tasks"); ``PLAN_TASKS`` the task table of a whole plan
(also the DOCX export's rows, see :func:`text_rows`).

The bulk update reads back a ``TASK_LIST`` sheet: an agency exports its tasks,
fills the white columns (progress, status word, completion date, note, evidence
link or note) and uploads the same file; :func:`read_updates` checks the header and each row's cells, and
``cchc.tracking.services.import_updates`` applies them. The headers and the
status words are a file-format contract between export and import, so they are
fixed strings, not translated (like the agency directory file).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.readers import xlsx
from cchc.plans.models import Mention, Plan, Task
from cchc.tracking.models import TaskUpdate
from cchc.tracking.selectors import Status, today
from cchc.web.spreadsheets import workbook_bytes

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HUNDREDTH = Decimal("0.01")


def percent(value) -> Decimal:
    """A progress figure as stored and shown: a decimal with two places."""
    return Decimal(value).quantize(HUNDREDTH)


def percent_text(value) -> str:
    """A progress figure for people: 40, 33.33 (no trailing zeros)."""
    return f"{percent(value).normalize():f}"


def _agencies(task: Task, role: str) -> str:
    return "; ".join(m.text for m in task.mentions.all() if m.role == role)


def _lines(task: Task, name: str) -> str:
    return "\n".join(getattr(d, name) for d in task.deliverables.all() if getattr(d, name))


@dataclass(frozen=True)
class Column:
    key: str  # the name of the value in the DOCX template's rows
    header: str
    value: Callable[[Task], object]
    width: int = 14


ID = Column("id", "Mã nhiệm vụ", lambda t: t.pk, 12)
VERSION = Column("version", "Phiên bản", lambda t: t.version, 10)
PLAN = Column("plan", "Kế hoạch", lambda t: t.plan.number or str(t.plan), 16)
REF = Column("ref", "Số thứ tự", lambda t: t.ref, 9)
PARENT = Column("parent", "Thuộc nhiệm vụ", lambda t: t.parent.ref if t.parent_id else "", 9)
CONTENT = Column("content", "Nội dung", lambda t: t.content, 60)
AREA = Column("area", "Lĩnh vực", lambda t: str(t.get_area_display()), 22)
LEAD = Column("lead", "Cơ quan chủ trì", lambda t: _agencies(t, Mention.Role.LEAD), 28)
COOP = Column("coop", "Cơ quan phối hợp", lambda t: _agencies(t, Mention.Role.COOP), 28)
PRODUCTS = Column("products", "Sản phẩm", lambda t: _lines(t, "product"), 30)
DEADLINES = Column("deadlines", "Thời hạn", lambda t: _lines(t, "deadline_raw"), 18)
DUE = Column("due", "Hạn cuối", lambda t: t.due, 12)
STATUS = Column("status", "Tình trạng", lambda t: str(Status.LABELS[t.status]), 24)
PROGRESS = Column("progress", "Tiến độ (%)", lambda t: percent(t.shown_progress), 11)
ACTION = Column("action", "Cập nhật tình trạng", lambda t: "", 18)
# The day the work was completed (blank: today, unless the deadline has passed, see
# cchc.tracking.services.import_updates); exported as recorded, so an unchanged file
# changes nothing.
COMPLETED = Column("completed_on", "Ngày hoàn thành", lambda t: t.completed_on, 13)
NOTE = Column("note", "Ghi chú / lý do", lambda t: "", 40)
EVIDENCE = Column("evidence", "Tài liệu kiểm chứng (đường dẫn / ghi chú)", lambda t: "", 36)

# Tasks need with_status, with_progress and their mentions (selectors.for_listing).
TASK_LIST = [
    ID,
    VERSION,
    PLAN,
    REF,
    CONTENT,
    AREA,
    LEAD,
    COOP,
    DUE,
    STATUS,
    PROGRESS,
    ACTION,
    COMPLETED,
    NOTE,
    EVIDENCE,
]
EDITABLE = (PROGRESS, ACTION, COMPLETED, NOTE, EVIDENCE)
DATES = (DUE, COMPLETED)
PLAN_TASKS = [REF, PARENT, AREA, CONTENT, LEAD, COOP, PRODUCTS, DEADLINES, DUE, STATUS, PROGRESS]

# The words of the ACTION column; "tạm dừng" and "không thực hiện" both halt the task
# (the note is the reason), as the single-task form does.
ACTIONS = {
    "hoàn thành": TaskUpdate.Action.DONE,
    "tạm dừng": TaskUpdate.Action.HALT,
    "không thực hiện": TaskUpdate.Action.HALT,
}

_HEADER = Font(bold=True)
_READ_ONLY = PatternFill("solid", fgColor="EEF1F4")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _write_table(sheet, columns: list[Column], tasks, editable=()) -> None:
    """A header row, then one row per task; read-only columns grey when some are editable."""
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = _HEADER
    sheet.freeze_panes = "A2"
    for task in tasks:
        sheet.append([c.value(task) for c in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = _WRAP
            if column in DATES:
                cell.number_format = "DD/MM/YYYY"
            if editable and column not in editable:
                cell.fill = _READ_ONLY


def _column_range(columns: list[Column], column: Column, rows: int) -> str:
    letter = get_column_letter(columns.index(column) + 1)
    return f"{letter}2:{letter}{max(rows, 1) + 1}"


def _bytes(workbook: Workbook) -> bytes:
    return workbook_bytes(workbook)


def export_tasks(tasks) -> bytes:
    """A task list (``TASK_LIST``) whose white columns can be filled and uploaded back."""
    tasks = list(tasks)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    _write_table(sheet, TASK_LIST, tasks, editable=EDITABLE)
    # Drop-down lists in Excel and LibreOffice; the import checks the same again.
    words = DataValidation(type="list", formula1='"' + ",".join(ACTIONS) + '"', allow_blank=True)
    numbers = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
    )
    numbers.error = _("Progress is a number from 0 to 100.")
    days = DataValidation(
        type="date", operator="lessThanOrEqual", formula1="TODAY()", allow_blank=True
    )
    days.error = _("The completion date is a date (dd/mm/yyyy), not after today.")
    for validation, column in ((words, ACTION), (numbers, PROGRESS), (days, COMPLETED)):
        sheet.add_data_validation(validation)
        validation.add(_column_range(TASK_LIST, column, len(tasks)))
    return _bytes(workbook)


def plan_facts(plan: Plan) -> list[tuple[str, str]]:
    """(label, text) of a plan's document metadata, for both plan exports."""
    names = ("kind", "issuer", "number", "signed", "title", "period_start", "period_end", "status")
    facts = []
    for name in names:
        model_field = Plan._meta.get_field(name)
        value = getattr(plan, name)
        if model_field.choices:
            value = getattr(plan, f"get_{name}_display")()
        elif isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        facts.append((str(capfirst(model_field.verbose_name)), "" if value is None else str(value)))
    return facts


def export_plan(plan: Plan, tasks) -> bytes:
    """The whole plan: its metadata and targets, then its tasks (``PLAN_TASKS``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kế hoạch"
    for row in plan_facts(plan):
        sheet.append(row)
    sheet.append([])
    sheet.append([_("Indicators")])
    for target in plan.targets.all():
        sheet.append([target.text])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 80
    _write_table(workbook.create_sheet("Nhiệm vụ"), PLAN_TASKS, tasks)
    return _bytes(workbook)


def text_rows(columns: list[Column], tasks) -> list[dict[str, str]]:
    """Each task as ``{column key: text}``: what a Word table shows."""
    rows = []
    for task in tasks:
        row = {}
        for column in columns:
            value = column.value(task)
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            elif isinstance(value, Decimal):
                value = percent_text(value)
            row[column.key] = "" if value is None else str(value)
        rows.append(row)
    return rows


# --- reading a filled task list back --------------------------------------------------


@dataclass
class SheetRow:
    """One filled row of a ``TASK_LIST`` sheet, with the problems of its cells."""

    number: int  # the row number Excel shows
    task_id: int | None = None
    version: int | None = None
    progress: Decimal | None = None  # None: left blank
    action: str = ""  # "", or an action of ACTIONS
    completed_on: datetime.date | None = None  # None: left blank
    note: str = ""
    evidence: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, reason)


def _integer(value) -> int | None:
    """A whole number as Excel or a person may store it: 12, 12.0, "12"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _progress(value) -> Decimal:
    """A progress cell: a number, or text such as "40", "40,5" or "40%"; ValueError otherwise."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValueError(_("progress must be from 0 to 100, not %(value)s.") % {"value": value})
    return percent(number)


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def _day(value) -> datetime.date:
    """A date cell: a date, an Excel serial number, or text such as "30/06/2017"; ValueError
    otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
        return from_excel(value).date()
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": value})


def _read_row(number: int, cells: dict[Column, object]) -> SheetRow:
    row = SheetRow(number=number)
    row.task_id = _integer(cells[ID])
    if row.task_id is None:
        row.errors.append(
            (ID.header, _("“%(value)s” is not a task code.") % {"value": cells[ID] or ""})
        )
    row.version = _integer(cells[VERSION])
    if row.version is None:
        row.errors.append(
            (
                VERSION.header,
                _(
                    "version number missing: use the downloaded file as it is and do not edit "
                    "this column."
                ),
            )
        )
    if cells[PROGRESS] not in (None, ""):
        try:
            row.progress = _progress(cells[PROGRESS])
        except ValueError as exc:
            row.errors.append((PROGRESS.header, str(exc)))
    word = str(cells[ACTION] or "").strip().lower()
    if word and word not in ACTIONS:
        row.errors.append(
            (
                ACTION.header,
                _("“%(value)s” is not valid; accepted: %(words)s, or leave empty.")
                % {"value": cells[ACTION], "words": ", ".join(ACTIONS)},
            )
        )
    row.action = ACTIONS.get(word, "")
    if cells[COMPLETED] not in (None, ""):
        try:
            row.completed_on = _day(cells[COMPLETED])
        except ValueError as exc:
            row.errors.append((COMPLETED.header, str(exc)))
        else:
            if row.completed_on > today():
                row.errors.append(
                    (
                        COMPLETED.header,
                        _("the completion date %(date)s is after today.")
                        % {"date": row.completed_on.strftime("%d/%m/%Y")},
                    )
                )
    row.note = str(cells[NOTE] or "").strip()
    row.evidence = str(cells[EVIDENCE] or "").strip()
    return row


def read_updates(data: bytes, name: str = "") -> list[SheetRow]:
    """The filled rows of an uploaded task list; ValidationError if it is not one.

    Rows are streamed and bounded (``cchc.extraction.readers.xlsx``): a file
    declaring a huge sheet, or over the limits, is refused with the reason.
    """
    rows = xlsx.rows(data, name or "task-list.xlsx", columns=len(TASK_LIST))
    out = []
    try:
        header = [str(cell or "").strip() for cell in next(rows, [])]
        if header[: len(TASK_LIST)] != [c.header for c in TASK_LIST]:
            raise ValidationError(
                _(
                    "The file does not follow the template: the header row must be "
                    "%(columns)s. Download the task list, fill it in and upload that same file."
                )
                % {"columns": ", ".join(c.header for c in TASK_LIST)}
            )
        for number, values in enumerate(rows, start=2):
            values = values + [None] * (len(TASK_LIST) - len(values))
            if all(value in (None, "") for value in values):
                continue
            out.append(_read_row(number, dict(zip(TASK_LIST, values, strict=False))))
    except UnreadableDocument as exc:
        raise ValidationError(
            _("Cannot read the Excel file: %(reason)s") % {"reason": exc.reason}
        ) from exc
    finally:
        rows.close()
    return out
