"""Writes to the directory: save and delete units, import and export the directory file.

The directory file (CSV or XLSX) has the columns of ``COLUMNS``, one unit per row,
parents before children. Its headers are a fixed file-format contract, so they
are not translated. The import accepts exactly what the export produces; it
checks every row, reports errors by row number and writes nothing unless every
row is valid.

Every write takes the acting user and checks the ``rules`` permissions of
``agencies/rules.py`` here, so the pages, the admin, imports and commands pass the
same rule: the reform office changes only units of its own province and cannot
move one into or out of it.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cchc.accounts.predicates import require
from cchc.agencies import selectors
from cchc.agencies.models import Agency, Kind
from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.readers import xlsx
from cchc.web.spreadsheets import csv_bytes, csv_value, workbook_bytes

COLUMNS = [
    "Mã",
    "Tên",
    "Tên viết tắt",
    "Loại",
    "Mã đơn vị cấp trên",
    "Tên gọi khác",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Đang hoạt động",
]
ALIAS_SEPARATOR = "; "


def save_agency(agency: Agency, user) -> Agency:
    """Save a unit for ``user``, keeping its ``province`` (the root of its tree) right.

    Raises ``PermissionDenied`` unless ``user`` may change the unit as stored and
    may place it under its new parent (see :func:`check_change`).
    """
    check_change(agency, user)
    return _save(agency)


def check_change(agency: Agency, user) -> None:
    """Refuse, with the reason, a change ``user`` may not make: touching a unit of
    another province, moving a unit to another province, or adding or removing a
    province (a unit without a parent)."""
    stored = Agency.objects.filter(pk=agency.pk).first() if agency.pk is not None else None
    if stored is not None:
        require(
            user,
            "agencies.change_agency",
            stored,
            _(
                "“%(name)s” (code %(code)s) belongs to another province: you may change only the "
                "units of your own province."
            )
            % {"name": stored.name, "code": stored.code},
        )
    if agency.parent_id is None:
        if stored is None or stored.parent_id is not None:
            require(user, "agencies.change_province", None, _only_admin_message())
    else:
        require(
            user,
            "agencies.change_agency",
            agency.parent,
            _(
                "the parent unit “%(name)s” (code %(code)s) belongs to another province: a unit "
                "cannot be placed in another province."
            )
            % {"name": agency.parent.name, "code": agency.parent.code},
        )


def _only_admin_message() -> str:
    return _(
        "Only the system administrator can add or remove a province (a unit without a "
        "parent unit)."
    )


def _save(agency: Agency) -> Agency:
    if agency.parent_id is not None:
        if agency.pk is not None and _is_under(agency.parent, agency):
            raise ValidationError(
                _("The parent unit cannot be the unit itself or one of its subordinate units.")
            )
        agency.province = agency.parent.root
    else:
        agency.province = None
    agency.full_clean(exclude=["province", "parent"])
    agency.save()
    for child in agency.children.all():
        if child.province_id != agency.root.pk:
            _save(child)
    return agency


def _is_under(unit: Agency, ancestor: Agency) -> bool:
    while unit is not None:
        if unit.pk == ancestor.pk:
            return True
        unit = unit.parent
    return False


def delete_agency(agency: Agency, user) -> None:
    """Delete a unit that nothing refers to, for ``user``; otherwise refuse and say why."""
    agency = Agency.objects.get(pk=agency.pk)  # the stored unit decides, not a changed copy
    require(
        user,
        "agencies.change_agency",
        agency,
        _(
            "“%(name)s” (code %(code)s) belongs to another province: you may change only the "
            "units of your own province."
        )
        % {"name": agency.name, "code": agency.code},
    )
    if agency.parent_id is None:
        require(user, "agencies.change_province", None, _only_admin_message())
    try:
        with transaction.atomic():
            agency.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "Cannot delete “%(name)s”: %(count)d records still refer to it (subordinate "
                "units, tasks or users). Mark the unit as inactive instead of deleting it."
            )
            % {"name": agency.name, "count": len(exc.protected_objects)}
        ) from exc


# --- directory file -------------------------------------------------------------------


def _rows_for_export(province_id: int | None) -> list[list[str]]:
    rows = []
    provinces = selectors.provinces()
    if province_id is not None:
        provinces = provinces.filter(pk=province_id)
    for province in provinces:
        for _depth, unit in selectors.tree(province):
            rows.append(
                [
                    unit.code,
                    unit.name,
                    unit.short_name,
                    unit.kind,
                    unit.parent.code if unit.parent_id else "",
                    ALIAS_SEPARATOR.join(unit.alias_list()),
                    unit.valid_from.isoformat() if unit.valid_from else "",
                    unit.valid_to.isoformat() if unit.valid_to else "",
                    "1" if unit.active else "0",
                ]
            )
    return rows


def export_directory(fmt: str, province: Agency | None = None) -> bytes:
    """The directory (one province's units, or all) as ``csv`` (UTF-8 with BOM, for
    Excel) or ``xlsx`` bytes."""
    rows = [COLUMNS, *_rows_for_export(province.pk if province else None)]
    if fmt == "csv":
        return csv_bytes(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh mục"
    for row in rows:
        sheet.append(row)
    return workbook_bytes(workbook)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rejected(Exception):
    """Raised inside the import transaction to roll it back."""


def _read_rows(data: bytes, filename: str) -> list[list[str]]:
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The CSV file must be saved with UTF-8 encoding.")) from exc
        return [[csv_value(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        try:  # streamed and bounded: see cchc.extraction.readers.xlsx
            return [
                ["" if cell is None else str(cell) for cell in row]
                for row in xlsx.rows(data, filename, columns=len(COLUMNS))
            ]
        except UnreadableDocument as exc:
            raise ValidationError(
                _("Cannot read the Excel file: %(reason)s") % {"reason": exc.reason}
            ) from exc
    raise ValidationError(_("Only .csv or .xlsx files are accepted."))


def _date(value: str, column: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise ValueError(
            _("column “%(column)s”: “%(value)s” is not a date in YYYY-MM-DD form")
            % {"column": column, "value": value}
        ) from exc


def _apply_row(row: list[str], by_code: dict[str, Agency], report: ImportReport, user) -> None:
    row = [cell.strip() for cell in row] + [""] * (len(COLUMNS) - len(row))
    code, name, short_name, kind, parent_code, aliases, valid_from, valid_to, active = row[:9]
    problems = []
    if not code:
        problems.append(_("code missing"))
    if not name:
        problems.append(_("name missing"))
    if kind not in Kind.values:
        problems.append(_("kind “%(kind)s” is not valid") % {"kind": kind})
    if active not in ("1", "0"):
        problems.append(_("column “Đang hoạt động” must be 1 or 0"))
    parent = None
    if parent_code:
        parent = by_code.get(parent_code) or Agency.objects.filter(code=parent_code).first()
        if parent is None:
            problems.append(
                _("there is no parent unit with code “%(code)s”") % {"code": parent_code}
            )
        elif parent_code == code:
            problems.append(_("a unit cannot be its own parent"))
    dates = []
    for value, column in ((valid_from, COLUMNS[6]), (valid_to, COLUMNS[7])):
        try:
            dates.append(_date(value, column))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    unit = Agency.objects.filter(code=code).first()
    if unit is None:
        unit = Agency(code=code)
        report.created += 1
    else:
        report.updated += 1
    unit.name, unit.short_name, unit.kind, unit.parent = name, short_name, kind, parent
    unit.aliases = "\n".join(a.strip() for a in aliases.split(";") if a.strip())
    unit.valid_from, unit.valid_to = dates
    unit.active = active == "1"
    try:
        save_agency(unit, user)
    except PermissionDenied as exc:
        raise ValueError(str(exc)) from exc
    except ValidationError as exc:
        raise ValueError("; ".join(exc.messages)) from exc
    by_code[code] = unit


def import_directory(data: bytes, filename: str, user) -> ImportReport:
    """Create or update units from a directory file for ``user``; all rows or none.

    A row that touches a unit of another province, or moves a unit to another
    province, is refused like any invalid row (with its reason), so nothing is written.
    """
    require(user, "agencies.change_agency")
    report = ImportReport()
    try:
        rows = _read_rows(data, filename)
    except ValidationError as exc:
        report.errors.append((0, exc.messages[0]))
        return report
    if not rows or [cell.strip() for cell in rows[0][: len(COLUMNS)]] != COLUMNS:
        report.errors.append(
            (1, _("The header row must be: %(columns)s") % {"columns": ", ".join(COLUMNS)})
        )
        return report
    by_code: dict[str, Agency] = {}
    try:
        with transaction.atomic():
            for number, row in enumerate(rows[1:], start=2):
                if not any(cell.strip() for cell in row):
                    continue
                try:
                    with transaction.atomic():
                        _apply_row(row, by_code, report, user)
                except ValueError as exc:
                    report.errors.append((number, str(exc)))
            if report.errors:
                raise _Rejected
    except _Rejected:
        report.created = report.updated = 0
    return report
