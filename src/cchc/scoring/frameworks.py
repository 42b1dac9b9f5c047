"""A framework as plain data: JSON (the shipped samples) and XLSX in the published layout.

The sheet "Bộ chỉ số" has the columns provinces publish (STT | Lĩnh vực / Tiêu chí /
Tiêu chí thành phần | Điểm tối đa | …) followed by the columns the software needs
(self-assessed and survey maxima, method, rule, …); the sheet "Thông tin" holds the
framework's code, name, year, kind of unit, source, what is verified and the
classification bands. Reading a sheet checks every row and reports every bad row
with its number in Vietnamese; nothing is saved unless the whole file is right.

Every cell is written through :func:`cell`, the one place that neutralises a text a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.readers import xlsx
from cchc.scoring import engine
from cchc.scoring.engine import Band, ItemSpec, RuleError
from cchc.web.spreadsheets import workbook_bytes

SAMPLES = Path(__file__).parent / "samples"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = (
    "STT",
    "Lĩnh vực / Tiêu chí / Tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự đánh giá tối đa",
    "Điểm điều tra XHH tối đa",
    "Phương pháp chấm",
    "Quy tắc chấm",
    "Không phát sinh được điểm tối đa",
    "Dữ liệu tự động",
    "Tài liệu kiểm chứng",
    "Hướng dẫn",
)
METHOD_LABELS = {
    "": "",
    "binary": "Đạt/Không đạt",
    "levels": "Theo mức",
    "bands": "Theo khoảng tỷ lệ",
    "proportional": "Tỷ lệ × điểm tối đa",
    "survey": "Điều tra XHH",
    "deduction": "Điểm trừ",
    "bonus": "Điểm thưởng/trừ",
}
METHOD_BY_LABEL = {v.lower(): k for k, v in METHOD_LABELS.items()} | {m: m for m in engine.METHODS}
INFO = ("code", "name", "year", "unit_kind", "source", "verified", "bands")
INFO_LABELS = {
    "code": "Mã bộ chỉ số",
    "name": "Tên",
    "year": "Năm",
    "unit_kind": "Loại đơn vị",
    "source": "Nguồn",
    "verified": "Số liệu đã kiểm chứng",
    "bands": "Xếp loại",
}


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    name: str
    year: int
    unit_kind: str
    source: str = ""
    verified: str = ""
    bands: tuple[Band, ...] = ()
    items: tuple[ItemSpec, ...] = field(default_factory=tuple)


class FrameworkError(ValueError):
    """Bad framework data: ``errors`` are Vietnamese lines naming the row and field."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# --- JSON ----------------------------------------------------------------------------------


def from_dict(data: dict) -> FrameworkSpec:
    errors: list[str] = []
    items = []
    for n, row in enumerate(data.get("items", []), start=1):
        try:
            method = row.get("method", "")
            levels, bands = engine.parse_rule(method, row.get("rule", ""))
            items.append(
                ItemSpec(
                    code=str(row["code"]),
                    name=row["name"],
                    max_self=engine.dec(row.get("max_self", 0)),
                    max_survey=engine.dec(row.get("max_survey", 0)),
                    method=method,
                    levels=levels,
                    bands=bands,
                    not_applicable_full=bool(row.get("not_applicable_full", False)),
                    live=row.get("live", ""),
                    evidence=row.get("evidence", ""),
                    guidance=row.get("guidance", ""),
                )
            )
        except (KeyError, RuleError) as exc:
            errors.append(_("Item %(n)s: invalid value %(value)s.") % {"n": n, "value": exc})
    try:
        bands = tuple(engine.parse_bands(data.get("bands", "")))
    except RuleError as exc:
        errors.append(_("Classification bands: invalid (%(value)s).") % {"value": exc})
        bands = ()
    if errors:
        raise FrameworkError(errors)
    spec = FrameworkSpec(
        code=data["code"],
        name=data["name"],
        year=int(data["year"]),
        unit_kind=data["unit_kind"],
        source=data.get("source", ""),
        verified=data.get("verified", ""),
        bands=bands,
        items=tuple(items),
    )
    check(spec)
    return spec


def to_dict(spec: FrameworkSpec) -> dict:
    return {
        "code": spec.code,
        "name": spec.name,
        "year": spec.year,
        "unit_kind": spec.unit_kind,
        "source": spec.source,
        "verified": spec.verified,
        "bands": engine.bands_text(list(spec.bands)),
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "max_self": engine.fmt(i.max_self),
                "max_survey": engine.fmt(i.max_survey),
                "method": i.method,
                "rule": i.rule_text(),
                "not_applicable_full": i.not_applicable_full,
                "live": i.live,
                "evidence": i.evidence,
                "guidance": i.guidance,
            }
            for i in spec.items
        ],
    }


def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.json"))


def load_sample(path: Path) -> FrameworkSpec:
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


def check(spec: FrameworkSpec, rows: dict[str, int] | None = None) -> None:
    """The tree's consistency; errors name the sheet row when ``rows`` maps codes to rows."""
    messages = {
        "parent": _("its parent item is missing"),
        "method_on_parent": _("an item with sub-items cannot have its own scoring method"),
        "max_self": _("the self-assessed maximum is not the sum of its sub-items"),
        "max_survey": _("the survey maximum is not the sum of its sub-items"),
        "method": _("a scoring method is required"),
        "level": _("a level gives more points than the maximum"),
        "survey_self": _("a survey item has no self-assessed points"),
    }
    errors = []
    if spec.unit_kind not in engine.UNIT_KINDS:
        errors.append(_("Kind of unit: unknown value %(value)s.") % {"value": spec.unit_kind})
    seen = set()
    for item in spec.items:
        if item.code in seen:
            errors.append(_("Item %(code)s: the code is repeated.") % {"code": item.code})
        seen.add(item.code)
        if item.live not in engine.LIVE_SOURCES:
            errors.append(_("Item %(code)s: unknown live data source.") % {"code": item.code})
    for code, problem in engine.check_tree(spec.items):
        where = (
            _("Row %(row)s (item %(code)s)") % {"row": rows[code], "code": code}
            if rows and code in rows
            else _("Item %(code)s") % {"code": code}
        )
        errors.append(f"{where}: {messages[problem]}.")
    if errors:
        raise FrameworkError(errors)


# --- XLSX ----------------------------------------------------------------------------------


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def to_xlsx(spec: FrameworkSpec) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Bộ chỉ số"
    sheet.append(list(COLUMNS))
    for c in sheet[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="center")
    for item in spec.items:
        sheet.append(
            [
                item.code,
                item.name,
                _number(item.max_points),
                _number(item.max_self),
                _number(item.max_survey),
                METHOD_LABELS[item.method],
                item.rule_text(),
                "x" if item.not_applicable_full else "",
                item.live,
                item.evidence,
                item.guidance,
            ]
        )
        if item.depth == 0:
            for c in sheet[sheet.max_row]:
                c.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 70
    info = book.create_sheet("Thông tin")
    values = to_dict(spec)
    for key in INFO:
        info.append([INFO_LABELS[key], str(values[key])])
    return workbook_bytes(book)  # no cell is ever a live formula


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def from_xlsx(data: bytes, file_name: str = "") -> FrameworkSpec:
    """Read a framework sheet; every bad row is reported (row number, column, reason)."""
    name = file_name or _("the file")
    try:
        sheets = {
            sheet: list(xlsx.rows(data, name, columns=len(COLUMNS), sheet=sheet))
            for sheet in ("Thông tin", "Bộ chỉ số")
        }
    except KeyError as exc:
        raise FrameworkError(
            [_("%(file)s: the sheets “Bộ chỉ số” and “Thông tin” are required.") % {"file": name}]
        ) from exc
    except UnreadableDocument as exc:  # damaged, not an .xlsx, or over the limits
        raise FrameworkError([_("%(file)s is not an .xlsx file.") % {"file": name}]) from exc
    info_rows = {_text(r[0]): r[1] if len(r) > 1 else None for r in sheets["Thông tin"] if r}
    info = {}
    errors: list[str] = []
    for key in INFO:
        label = INFO_LABELS[key]
        if label not in info_rows:
            errors.append(
                _("Sheet “Thông tin”: the row “%(label)s” is missing.") % {"label": label}
            )
        info[key] = _text(info_rows.get(label))
    rows = sheets["Bộ chỉ số"]
    header = tuple(_text(c) for c in (rows[0] if rows else ()))
    if header[: len(COLUMNS)] != COLUMNS:
        errors.append(
            _("Sheet “Bộ chỉ số”, row 1: the columns must be: %(columns)s.")
            % {"columns": " | ".join(COLUMNS)}
        )
        raise FrameworkError(errors)
    items, where = [], {}
    for number, row in enumerate(rows[1:], start=2):
        row = tuple(row) + (None,) * (len(COLUMNS) - len(row))
        values = [_text(v) for v in row[: len(COLUMNS)]]
        if not any(values):
            continue
        code, title, total, self_max, survey_max, method, rule, na, live, evidence, guide = values
        bad = []

        def number_of(text, column, bad=bad):
            try:
                return engine.dec(text or "0")
            except RuleError:
                bad.append((column, text))
                return Decimal(0)

        if not code:
            bad.append((COLUMNS[0], ""))
        if not title:
            bad.append((COLUMNS[1], ""))
        max_self = number_of(self_max, COLUMNS[3])
        max_survey = number_of(survey_max, COLUMNS[4])
        if number_of(total, COLUMNS[2]) != max_self + max_survey:
            bad.append((COLUMNS[2], total))
        method_code = METHOD_BY_LABEL.get(method.lower())
        if method_code is None:
            bad.append((COLUMNS[5], method))
            method_code = ""
        levels, bands = (), ()
        try:
            levels, bands = engine.parse_rule(method_code, rule)
        except RuleError:
            bad.append((COLUMNS[6], rule))
        for column, value in bad:
            errors.append(
                _("Row %(row)s, column “%(column)s”: invalid value “%(value)s”.")
                % {"row": number, "column": column, "value": value}
            )
        if bad:
            continue
        where[code] = number
        items.append(
            ItemSpec(
                code=code,
                name=title,
                max_self=max_self,
                max_survey=max_survey,
                method=method_code,
                levels=levels,
                bands=bands,
                not_applicable_full=na.lower() in ("x", "có", "1", "true"),
                live=live,
                evidence=evidence,
                guidance=guide,
            )
        )
    try:
        bands = tuple(engine.parse_bands(info["bands"]))
    except RuleError:
        errors.append(
            _(
                "Sheet “Thông tin”: the bands “%(value)s” must read like “Tốt>=90 | Khá>=80 | Yếu>=0”."
            )
            % {"value": info["bands"]}
        )
        bands = ()
    try:
        year = int(info["year"])
    except ValueError:
        errors.append(_("Sheet “Thông tin”: the year must be a number."))
        year = 0
    if errors:
        raise FrameworkError(errors)
    spec = FrameworkSpec(
        code=info["code"],
        name=info["name"],
        year=year,
        unit_kind=info["unit_kind"],
        source=info["source"],
        verified=info["verified"],
        bands=bands,
        items=tuple(items),
    )
    check(spec, where)
    return spec


def renamed(spec: FrameworkSpec, **changes) -> FrameworkSpec:
    return replace(spec, **changes)
