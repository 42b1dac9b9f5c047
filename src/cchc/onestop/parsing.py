"""Reading one-stop export files: header detection, column mapping and cell parsing.

Pure functions (no database): ``services`` calls them, tests can too. Every
parser turns one cell into a value or raises ``BadValue`` with the Vietnamese
reason shown next to the row's line number. Parsers keep a small cache keyed by
the raw text, because an export repeats the same dates, agencies and channel
words millions of times.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

from cchc.extraction import limits as extraction_limits
from cchc.extraction.errors import UnreadableDocument
from cchc.extraction.readers import xlsx
from cchc.onestop.models import Channel

# The fields of a dossier, in display order.
FIELDS = [
    "code",
    "procedure_code",
    "procedure_name",
    "agency",
    "channel",
    "online_level",
    "received",
    "due",
    "finished",
    "returned_by_post",
]
REQUIRED = ["code", "agency", "received"]


def field_labels() -> dict[str, str]:
    return {
        "code": _("Dossier code"),
        "procedure_code": _("Procedure code"),
        "procedure_name": _("Procedure"),
        "agency": _("Agency"),
        "channel": _("Submission channel"),
        "online_level": _("Online service level"),
        "received": _("Date received"),
        "due": _("Promised return date"),
        "finished": _("Date result returned"),
        "returned_by_post": _("Returned by post"),
    }


# Header words per field, written without diacritics (headers are compared that way,
# so "Ma ho so" and "Mã hồ sơ" match alike). The longest phrase found wins, so
# "Mã thủ tục" goes to procedure_code, not to procedure_name's "thu tuc".
HEADER_WORDS = {
    "code": ["ma ho so", "so ho so", "ma hs", "dossier code", "dossier id", "dossier"],
    "procedure_code": ["ma thu tuc", "ma tthc", "procedure code"],
    "procedure_name": ["thu tuc", "ten thu tuc", "tthc", "procedure"],
    "agency": ["co quan", "don vi", "noi tiep nhan", "agency", "office"],
    "channel": ["kenh nop", "hinh thuc nop", "kenh tiep nhan", "hinh thuc tiep nhan", "channel"],
    "online_level": ["muc do", "muc dvc", "online level", "level"],
    "received": ["ngay tiep nhan", "ngay nhan", "thoi gian tiep nhan", "received"],
    "due": ["ngay hen tra", "hen tra", "han giai quyet", "han xu ly", "due"],
    "finished": [
        "ngay tra ket qua",
        "ngay tra",
        "ngay co ket qua",
        "ngay hoan thanh",
        "ngay giai quyet xong",
        "finished",
        "completed",
    ],
    "returned_by_post": [
        "tra qua buu chinh",
        "tra ket qua qua buu chinh",
        "tra qua buu dien",
        "returned via post",
        "returned by post",
        "postal return",
    ],
}


class BadValue(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


class BadFile(ValueError):
    """A file that cannot be read at all; the message is shown to the user."""


def fold(text: object) -> str:
    """Lower case, no diacritics (đ → d), single spaces: the form headers and words are compared in."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return " ".join(re.sub(r"[^\w%]+", " ", text).split())


# --- reading rows ---------------------------------------------------------------------


def read_rows(source: BinaryIO, file_name: str) -> Iterator[list[object]]:
    """The rows of a binary file as lists of cells (strings for CSV, typed values for XLSX).

    CSV is streamed (a 1 GB export is never held in memory); its delimiter (comma,
    semicolon or tab) is taken from the first line.
    """
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(source)
    if name.endswith(".csv"):
        return _csv_rows(source)
    raise BadFile(_("Only .csv or .xlsx files are accepted."))


def _csv_rows(source: BinaryIO) -> Iterator[list[object]]:
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline()
        if "\x00" in first_line:
            raise BadFile(
                _("The file is not a plain-text CSV file (it may be an Excel file renamed).")
            )
        delimiter = max([",", ";", "\t"], key=first_line.count)
        yield from csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
    except UnicodeDecodeError:
        raise BadFile(
            _("The CSV file is not UTF-8 encoded. Save the file again as “CSV UTF-8”.")
        ) from None
    except csv.Error as exc:
        raise BadFile(_("The CSV file is malformed: %(e)s") % {"e": exc}) from None
    finally:
        with contextlib.suppress(ValueError):  # the caller may have closed it already
            text.detach()  # else leave the caller's file open


# One-stop exports are large by nature: a year of dossiers is up to a million rows.
# The worksheet is streamed row by row, so it may unpack to more than other parts.
XLSX_ROWS = 1_100_000
XLSX_SHEET_MB = 1024


def _xlsx_rows(source: BinaryIO) -> Iterator[list[object]]:
    limits = extraction_limits.current()
    limits = limits.replace(
        rows=max(limits.rows, XLSX_ROWS), cells=max(limits.cells, 40 * XLSX_ROWS)
    )
    try:
        yield from xlsx.rows(source, "", columns=64, limits=limits, streamed_mb=XLSX_SHEET_MB)
    except UnreadableDocument as exc:
        raise BadFile(
            _("Cannot read the Excel file (.xlsx): %(reason)s") % {"reason": exc.reason}
        ) from None


# --- header and mapping ------------------------------------------------------------------


def guess_field(header: object) -> tuple[str | None, int]:
    """The field a header names and the length of the phrase that matched (0: none)."""
    folded = f" {fold(header)} "
    best, best_len = None, 0
    for field, phrases in HEADER_WORDS.items():
        for phrase in phrases:
            if f" {phrase} " in folded and len(phrase) > best_len:
                best, best_len = field, len(phrase)
    return best, best_len


def guess_mapping(header: list[object]) -> dict[str, int]:
    """{field: column index} from the header row; each field takes its best-matching column."""
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(header):
        field, score = guess_field(cell)
        if field and (field not in best or score > best[field][0]):
            best[field] = (score, index)
    return {field: index for field, (_score, index) in best.items()}


def find_header(
    rows: Iterator[list[object]], look_ahead: int = 10
) -> tuple[int, list[object], Iterator[list[object]]]:
    """Skip title lines above the table: the header is the first row naming ≥ 3 fields.

    If no row within ``look_ahead`` does, the first non-blank row is the header (the
    user then maps its columns by hand). Returns the header's 1-based line number,
    its cells and an iterator over the rows after it.
    """
    seen: list[list[object]] = []
    for row in rows:
        seen.append(row)
        if len(guess_mapping(row)) >= 3 or len(seen) >= look_ahead:
            break
    found = next((i for i, row in enumerate(seen) if len(guess_mapping(row)) >= 3), None)
    if found is None:
        found = next(
            (i for i, row in enumerate(seen) if any(c not in (None, "") for c in row)), None
        )
    if found is None:
        raise BadFile(_("The file has no data."))
    return found + 1, seen[found], itertools.chain(seen[found + 1 :], rows)


def check_mapping(mapping: dict[str, int], width: int) -> None:
    missing = [field_labels()[f] for f in REQUIRED if f not in mapping]
    if missing:
        raise BadFile(_("Required columns missing: %(cols)s.") % {"cols": ", ".join(missing)})
    wrong = [f for f, i in mapping.items() if f not in FIELDS or not 0 <= i < width]
    if wrong:
        raise BadFile(_("Invalid column mapping: %(cols)s.") % {"cols": ", ".join(wrong)})


# --- cell parsers -----------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date(value: object) -> datetime.date | None:
    """dd/mm/yyyy (with an optional time), yyyy-mm-dd[Thh:mm], or an Excel date cell."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise BadValue(_("date “%(v)s” is not in dd/mm/yyyy form") % {"v": text[:40]})
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise BadValue(_("date “%(v)s” does not exist") % {"v": text[:40]}) from None


CHANNEL_WORDS = {
    "truc tiep": Channel.DIRECT,
    "tai bo phan mot cua": Channel.DIRECT,
    "mot cua": Channel.DIRECT,
    "direct": Channel.DIRECT,
    "1": Channel.DIRECT,
    "truc tuyen": Channel.ONLINE,
    "qua mang": Channel.ONLINE,
    "dich vu cong": Channel.ONLINE,
    "dvc": Channel.ONLINE,
    "online": Channel.ONLINE,
    "2": Channel.ONLINE,
    "buu chinh": Channel.POSTAL,
    "buu chinh cong ich": Channel.POSTAL,
    "qua buu chinh": Channel.POSTAL,
    "buu dien": Channel.POSTAL,
    "bcci": Channel.POSTAL,
    "postal": Channel.POSTAL,
    "post": Channel.POSTAL,
    "3": Channel.POSTAL,
}


def parse_channel(value: object) -> int | None:
    folded = fold(value)
    if not folded:
        return None
    if folded in CHANNEL_WORDS:
        return int(CHANNEL_WORDS[folded])
    raise BadValue(
        _("submission channel “%(v)s” not recognised (in person / online / post)") % {"v": value}
    )


LEVEL_WORDS = {"toan trinh": 4, "mot phan": 3, "khong": None, "0": None, "1": None}


def parse_level(value: object) -> int | None:
    folded = fold(value)
    if not folded:
        return None
    if folded in LEVEL_WORDS:
        return LEVEL_WORDS[folded]
    digits = re.fullmatch(r"(?:muc do |muc |level )?([0-4])(?:\.0)?", folded.replace(" 0", ".0"))
    if digits:
        level = int(digits.group(1))
        return level if level >= 2 else None
    raise BadValue(_("online service level “%(v)s” not recognised (2, 3, 4)") % {"v": value})


YES = {"x", "co", "c", "1", "true", "yes", "y", "dung", "1.0"}
NO = {"", "khong", "k", "0", "false", "no", "n", "sai", "0.0"}


def parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise BadValue(_("“%(v)s” is not yes / no") % {"v": value})


class Cached(dict):
    """Memoise a one-argument parser, remembering failures too.

    Call it, or — faster in the row loop — subscript it: ``cached[raw]`` is a plain
    dict lookup when ``raw`` was seen before, and ``__missing__`` parses it once
    otherwise. A failure is remembered apart and raised again on every lookup.
    """

    LIMIT = 100_000  # distinct raw values kept (an export repeats a few thousand)

    def __init__(self, parse):
        super().__init__()
        self.parse = parse
        self.failures: dict[object, BadValue] = {}

    def __missing__(self, raw: object) -> object:
        failure = self.failures.get(raw)
        if failure is None:
            try:
                found = self.parse(raw)
            except BadValue as exc:
                failure = exc
                if len(self.failures) < self.LIMIT:
                    self.failures[raw] = exc
            else:
                if len(self) < self.LIMIT:
                    self[raw] = found
                return found
        raise failure.with_traceback(None)

    def __call__(self, raw: object) -> object:
        return self[raw]
