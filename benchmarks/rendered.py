"""Plans rendered as the office documents they came from (.docx, and .pdf through
LibreOffice), for the format benchmarks (``benchmarks/formats.py``) and tests.

    .venv/bin/python benchmarks/rendered.py OUT_DIR [--gold DIR] [--dev DIR]

Writes ``OUT_DIR/{dev,seeds}-{docx,pdf}/<stem>.{docx,pdf}``:

- a dev document (a website copy in markdown) is read back into the document it
  was copied from — paragraphs rejoined (a blank line separates paragraphs, the
  hard-wrapped lines inside one are one paragraph), ``**bold**``/``*italic*`` as
  runs, headings as bold paragraphs, lone-``|`` tables (each cell on its own lines
  between lone ``|`` lines, two consecutive ``|`` lines closing one row and opening
  the next) and ``| a | b |`` pipe tables as real tables (a 2-column block such as
  the issuer/number/date header borderless, task tables ruled with a repeated
  header row), a row with fewer cells than the table spanning to its right edge;
- a seed is its gold plan laid out by ``plan_blocks`` (tests/extraction/
  test_renderings.py), section rows spanning the table.

The .docx is written with python-docx (A4, Times New Roman 14 pt body, 12 pt
tables, justified paragraphs with a first-line indent, the page number at the
top from the second page); the .pdf is LibreOffice's
``soffice --headless --convert-to pdf`` of that .docx. This parser is written
independently of ``cchc.extraction`` so that it does not test the extractor's
own reading of markdown against itself.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# --- the document model -------------------------------------------------------


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    runs: list[Run]
    heading: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[list[Para]]] = field(default_factory=list)  # row → cell → paragraphs
    header_rows: int = 0

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Para | Table

# --- markdown (website copy) → blocks ----------------------------------------

_MARK = re.compile(r"\*\*|\*")
_DASHES = re.compile(r"^\s*-{3,}\s*$")
_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*$")
_LIST_START = re.compile(r"^[-+•]\s")
_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*)[.)]?\s")


class _Emphasis:
    """Emphasis state carried across the lines of one paragraph or cell."""

    def __init__(self) -> None:
        self.bold = False
        self.italic = False

    def runs(self, line: str) -> list[Run]:
        runs: list[Run] = []
        pos = 0
        for m in _MARK.finditer(line):
            if m.start() > pos:
                runs.append(Run(line[pos : m.start()], self.bold, self.italic))
            if m.group() == "**":
                self.bold = not self.bold
            else:
                self.italic = not self.italic
            pos = m.end()
        if pos < len(line):
            runs.append(Run(line[pos:], self.bold, self.italic))
        return runs


def _join(runs: list[Run], more: list[Run]) -> list[Run]:
    """``more`` appended after a space (a hard-wrapped line joined back)."""
    last = runs[-1].text if runs else ""
    if more and last and not last.endswith(" ") and not more[0].text.startswith(" "):
        runs[-1] = Run(last + " ", runs[-1].bold, runs[-1].italic)
    return runs + more


def _clean(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if not text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(out[-1].text + text, run.bold, run.italic)
        else:
            out.append(Run(text, run.bold, run.italic))
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic)
    return [r for r in out if r.text]


def _paragraphs(lines: list[str], in_cell: bool) -> list[Para]:
    """Lines (without blank ones) → paragraphs: hard-wrapped lines joined.

    A new paragraph starts at a bullet after a line ending in ``;``/``:``/``.``;
    in a table cell also where the emphasis changes at the line break (a bold
    first line "ỦY BAN NHÂN DÂN" over a plain "TỈNH ĐỒNG NAI"), and a rule of
    dashes (a drawn line in the original) separates and is dropped.
    """
    paras: list[list[Run]] = []
    state = _Emphasis()
    current: list[Run] = []
    prev_line = ""
    for line in lines:
        stripped = line.strip()
        if _DASHES.match(stripped):
            if current:
                paras.append(current)
            current, prev_line = [], ""
            continue
        before = (state.bold, state.italic)
        runs = state.runs(stripped)
        first = runs[0] if runs else None
        starts_styled = (first.bold, first.italic) if first else before
        new = False
        if current:
            plain = re.sub(r"\*+", "", stripped)
            if _LIST_START.match(plain) and prev_line.rstrip("* ").endswith((";", ":", ".")):
                new = True
            elif in_cell:
                last = current[-1]
                if (last.bold, last.italic) != starts_styled and (
                    prev_line.endswith("*") or stripped.startswith("*")
                ):
                    new = True
        if new:
            paras.append(current)
            current = runs
        else:
            current = _join(current, runs)
        prev_line = stripped
    if current:
        paras.append(current)
    out = []
    for runs in paras:
        runs = _clean(runs)
        if runs and any(r.text.strip() for r in runs):
            out.append(Para(runs))
    return out


def _is_lone_pipe(line: str) -> bool:
    return line.strip() == "|"


def _lone_pipe_table(lines: list[str], i: int) -> tuple[Table, int]:
    """The table written as lone ``|`` lines starting at ``lines[i]``: a ``|``
    after a cell's lines closes the cell, a ``|`` right after a ``|`` closes the
    row (and opens the next), a ``|`` followed by a blank line ends the table."""
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    cell: list[str] = []
    while i < len(lines):
        line = lines[i]
        if _is_lone_pipe(line):
            if cell:
                row.append(cell)
                cell = []
            elif row:
                rows.append(row)
                row = []
            i += 1
            if i >= len(lines) or not lines[i].strip():
                break
            continue
        if not line.strip():
            break
        cell.append(line)
        i += 1
    if cell:
        row.append(cell)
    if row:
        rows.append(row)
    table = Table()
    for cells in rows:
        table.rows.append([_paragraphs(c, in_cell=True) for c in cells])
    widths = [len(r) for r in table.rows if len(r) > 2]
    width = max(set(widths), key=widths.count) if widths else table.width
    for r, row in enumerate(table.rows):  # a stray empty cell in a wider row: dropped
        while len(row) > width and any(not c for c in row[1:]):
            row.pop(next(k for k in range(1, len(row)) if not row[k]))
        table.rows[r] = row[:width] if len(row) > width else row
    if width > 2 and len(table.rows[0]) == width:
        table.header_rows = 1
    for r, row in enumerate(table.rows):
        # a row short of cells that does not start with its number lost the
        # cells of the first columns to a vertical merge above it
        first = " ".join(p.text for p in row[0]) if row else ""
        if 2 < len(row) < width and not _ROW_LABEL.match(first.strip()):
            table.rows[r] = [[] for _ in range(width - len(row))] + row
    return table, i


def _pipe_cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [c.strip() for c in text.split("|")]


_STT = re.compile(r"^(?:stt|tt|số tt|số thứ tự)$", re.I)
_ROW_LABEL = re.compile(r"^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*|[a-zđ])[.)]?$|^[-+]$")
_GROUP = re.compile(r"^\**(?:[IVXLC]+|[A-ZĐ])\.\s")


def _pipe_table(lines: list[str], i: int) -> tuple[Table, int]:
    """An ordinary markdown pipe table from ``lines[i]``, also when a website
    copy broke its rows over several lines (a line not starting with ``|``
    continues the cell before; a row is complete when it holds as many cells
    as the header, or at a line of empty cells)."""
    logical: list[str] = []
    while i < len(lines) and lines[i].strip():
        line = lines[i].strip()
        if line.startswith("|") or not logical:
            logical.append(line)
        else:
            logical[-1] += " " + line
        i += 1
    logical = [line for line in logical if not _RULE.match(line)]
    header = _pipe_cells(logical[0])
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body = [_pipe_cells(line) for line in logical[1:]]
    regular = all(len(c) == len(_pipe_cells(logical[0])) for c in body)
    table = Table(header_rows=1)
    table.rows.append([_paragraphs([c], in_cell=True) for c in header])
    stt = bool(header) and _STT.match(header[0].strip("* ")) is not None

    def emit(cells: list[str]) -> None:
        if not cells:
            return
        if regular:
            row = cells[:width]
        elif len(cells) == 1 and _GROUP.match(cells[0]):
            row = cells
        elif stt and not _ROW_LABEL.match(cells[0].strip("* ")):
            row = ["", *cells][:width]
        else:
            row = cells[:width]
        if len(row) < width and not (len(row) <= 2 and _GROUP.match(row[-1])):
            row += [""] * (width - len(row))
        table.rows.append([_paragraphs([c], in_cell=True) for c in row])

    if regular:
        for cells in body:
            emit(cells)
        return table, i
    full = width - 1 if stt else width
    assembled: list[list[str]] = []
    current: list[str] = []
    for raw in body:
        cells = [c for c in raw if c]
        if not cells:
            assembled.append(current)
            current = []
            continue
        if not current and len(cells) == 1 and _GROUP.match(cells[0]):
            assembled.append(cells)
            continue
        if current and len(current) + len(cells) > full:
            assembled.append(current)
            current = []
        current += cells
        if len(current) >= full:
            assembled.append(current)
            current = []
    assembled.append(current)
    complete = [r for r in assembled if len(r) == full]
    for cells in assembled:
        if 1 < len(cells) < full and complete:
            cells = _aligned(cells, complete, full)
        emit(cells)
    return table, i


def _aligned(cells: list[str], complete: list[list[str]], full: int) -> list[str]:
    """A row that lost some cells, its cells put in the columns whose other
    cells they resemble most (the missing ones left empty)."""

    def like(text: str, column: int) -> float:
        head = text[:40].lower()
        return max(SequenceMatcher(None, head, r[column][:40].lower()).ratio() for r in complete)

    best = max(
        combinations(range(full), len(cells)),
        key=lambda places: sum(like(c, k) for c, k in zip(cells, places, strict=True)),
    )
    row = [""] * full
    for cell, place in zip(cells, best, strict=True):
        row[place] = cell
    return row


def markdown_blocks(text: str) -> list[Block]:
    """A website copy (markdown) as the blocks of the document it came from."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if _is_lone_pipe(line):
            table, i = _lone_pipe_table(lines, i)
            if table.rows:
                blocks.append(table)
            continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            table, i = _pipe_table(lines, i)
            blocks.append(table)
            continue
        if stripped.startswith("#"):
            for para in _paragraphs([stripped.lstrip("#").strip()], in_cell=False):
                para.heading = True
                blocks.append(para)
            i += 1
            continue
        if _DASHES.match(stripped):
            i += 1
            continue
        chunk = []
        while i < len(lines) and lines[i].strip() and not _is_lone_pipe(lines[i]):
            if lines[i].strip().startswith("|") and lines[i].count("|") >= 2:
                break
            if lines[i].strip().startswith("#"):
                break
            chunk.append(lines[i])
            i += 1
        blocks.extend(_paragraphs(chunk, in_cell=False))
    return blocks


# --- a seed's gold plan → blocks ----------------------------------------------


def seed_blocks(gold: dict) -> list[Block]:
    """The gold plan as ``plan_blocks`` lays it out; section rows span the table."""
    sys.path.insert(0, str(ROOT))
    from tests.extraction.documents import Heading
    from tests.extraction.test_renderings import plan_blocks

    blocks: list[Block] = []
    for block in plan_blocks(gold):
        if isinstance(block, Heading):
            blocks.append(Para([Run(block.text, bold=True)], heading=True))
        elif isinstance(block, str):
            if block.strip():
                blocks.append(Para([Run(block)]))
        else:
            table = Table(header_rows=1)
            for r, row in enumerate(block):
                cells = list(row)
                if r and cells[0] and cells[1] and not any(c.strip() for c in cells[2:]):
                    cells = cells[:2]  # a section row: its heading spans the table
                bold = r == 0 or len(cells) == 2
                table.rows.append([[Para([Run(c, bold=bold)])] if c else [] for c in cells])
            blocks.append(table)
    return blocks


# --- blocks → .docx → .pdf ----------------------------------------------------

FONT = "Times New Roman"


def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _fill(paragraph, para: Para, size: float) -> None:
    for run in para.runs:
        _font(paragraph.add_run(run.text), size, run.bold or para.heading, run.italic)


def _borders(table, ruled: bool, row_rules_only: bool = False) -> None:
    """Every border drawn (``ruled``) or none; ``row_rules_only``: the rules
    between rows and above and below the table, none between columns (a Word
    table style without column borders)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        drawn = ruled and not (row_rules_only and edge in ("left", "right", "insideV"))
        element.set(qn("w:val"), "single" if drawn else "nil")
        if drawn:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


TEXT_WIDTH = Cm(16)  # A4 less the 3 cm and 2 cm margins


def _column_widths(table: Table, size: float) -> list[int]:
    """Columns as wide as an office makes them: each at least its longest word,
    the rest shared by how much text the column holds (the content column widest)."""
    width = table.width
    longest = [1] * width
    amount = [1.0] * width
    for row in table.rows:
        if len(row) < width:
            continue  # a spanning row says nothing about one column
        for c, paras in enumerate(row):
            text = " ".join(p.text for p in paras)
            if text:
                longest[c] = max(longest[c], *(len(w) for w in text.split()))
                amount[c] += len(text)
    char = Pt(size * 0.75)  # bold capitals are the widest
    least = [int(char * n + Pt(12)) for n in longest]  # and the cell margins
    rows = max(len(table.rows), 1)
    least = [max(m, Cm(2)) if a / rows > 15 else m for m, a in zip(least, amount, strict=True)]
    weights = [a**0.6 for a in amount]
    spare = max(TEXT_WIDTH - sum(least), 0)
    widths = [m + int(spare * w / sum(weights)) for m, w in zip(least, weights, strict=True)]
    scale = min(1.0, TEXT_WIDTH / sum(widths))
    return [int(w * scale) for w in widths]


def _add_table(document, table: Table, row_rules_only: bool = False) -> None:
    width = table.width
    ruled = width > 2
    size = 12 if ruled else 13
    out = document.add_table(rows=len(table.rows), cols=width)
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    _borders(out, ruled, row_rules_only)
    widths = _column_widths(table, size)
    for c, column in enumerate(out.columns):
        column.width = widths[c]
        for cell in column.cells:
            cell.width = widths[c]
    for r, row in enumerate(table.rows):
        cells = out.rows[r].cells
        if len(row) < width:  # the last cell spans to the right edge
            cells[len(row) - 1].merge(cells[width - 1])
        for c, paras in enumerate(row):
            cell = out.cell(r, c)
            first = cell.paragraphs[0]
            for k, para in enumerate(paras):
                paragraph = first if k == 0 else cell.add_paragraph()
                if not ruled:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _fill(paragraph, para, size)
        if ruled and r < table.header_rows:
            _repeat_header(out.rows[r])


def _page_numbers(section) -> None:
    """The page number centred at the top from the second page, as offices print it."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(run, 13)


def write_docx(
    blocks: list[Block],
    path: Path,
    tight: bool = False,
    ragged: bool = False,
    row_rules_only: bool = False,
) -> Path:
    """The blocks as a Word file; ``tight``: no spacing between paragraphs (only
    the first-line indent tells where one starts), as many offices type;
    ``ragged``: paragraphs aligned left, not justified."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    _page_numbers(section)
    for block in blocks:
        if isinstance(block, Table):
            _add_table(document, block, row_rules_only)
            document.add_paragraph()
            continue
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0 if tight else 6)
        if block.heading:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if ragged else WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Cm(1)
        _fill(paragraph, block, 14)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def to_pdf(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """Each .docx printed to ``out_dir`` by LibreOffice (one soffice run)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_paths)],
            check=True, capture_output=True, timeout=900,
        )  # fmt: skip
    return [out_dir / f"{p.stem}.pdf" for p in docx_paths]


def chromium_binary() -> str | None:
    """The Chromium (or Chrome) executable on PATH, None when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_html(html: Path, target: Path, header_footer: bool = False) -> Path:
    """``html`` printed to ``target`` by headless Chromium (Skia/PDF). With
    ``header_footer`` the browser adds its running header and footer to every
    page, as "Save as PDF" does by default: the date and the document's title
    at the top, its address and "page/pages" at the bottom."""
    browser = chromium_binary()
    if browser is None:
        raise FileNotFoundError("chromium")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu",
             *([] if header_footer else ["--no-pdf-header-footer"]),
             f"--user-data-dir={profile}", f"--print-to-pdf={target}", html.as_uri()],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return target


def to_chromium_pdf(
    docx_paths: list[Path], out_dir: Path, header_footer: bool = False
) -> list[Path]:
    """Each .docx as LibreOffice HTML, printed to PDF by headless Chromium (Skia/PDF).

    A second PDF producer: a plan saved from a browser ("Save as PDF" of a website
    copy) draws text runs, rules and cell borders differently from LibreOffice;
    ``header_footer`` adds the browser's running header and footer (see ``print_html``).
    """
    if chromium_binary() is None:
        raise FileNotFoundError("chromium")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        html_dir = Path(folder) / "html"
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--convert-to", "html", "--outdir", str(html_dir), *map(str, docx_paths)],
            check=True, capture_output=True, timeout=900,
        )  # fmt: skip
        return [
            print_html(html_dir / f"{docx.stem}.html", out_dir / f"{docx.stem}.pdf", header_footer)
            for docx in docx_paths
        ]


def render_all(
    out: Path,
    gold: Path,
    dev: Path,
    pdf: bool = True,
    tight: bool = False,
    ragged: bool = False,
    chromium: bool = False,
    row_rules_only: bool = False,
) -> dict[str, list[Path]]:
    """Every dev document and seed as .docx (and .pdf): {"dev-docx": [...], ...}."""
    made: dict[str, list[Path]] = {}
    made["dev-docx"] = [
        write_docx(markdown_blocks(p.read_text(encoding="utf-8")),
                   out / "dev-docx" / f"{p.stem}.docx", tight, ragged, row_rules_only)
        for p in sorted(dev.glob("*.md"))
    ]  # fmt: skip
    made["seeds-docx"] = [
        write_docx(seed_blocks(json.loads(p.read_text(encoding="utf-8"))),
                   out / "seeds-docx" / f"{p.stem}.docx", tight, ragged, row_rules_only)
        for p in sorted(gold.glob("*.json"))
    ]  # fmt: skip
    if pdf:
        made["dev-pdf"] = to_pdf(made["dev-docx"], out / "dev-pdf")
        made["seeds-pdf"] = to_pdf(made["seeds-docx"], out / "seeds-pdf")
    if chromium:
        if chromium_binary() is None:
            print("chromium not found: the chromium PDF formats are skipped", file=sys.stderr)
        else:
            made["dev-chromium"] = to_chromium_pdf(made["dev-docx"], out / "dev-chromium")
            made["seeds-chromium"] = to_chromium_pdf(made["seeds-docx"], out / "seeds-chromium")
            made["dev-chromium-hf"] = to_chromium_pdf(
                made["dev-docx"], out / "dev-chromium-hf", header_footer=True
            )
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--gold", type=Path, default=SHARED / "gold")
    parser.add_argument("--dev", type=Path, default=SHARED / "dev" / "docs")
    args = parser.parse_args()
    for paths in render_all(args.out, args.gold, args.dev).values():
        for path in paths:
            print(path)


if __name__ == "__main__":
    main()
