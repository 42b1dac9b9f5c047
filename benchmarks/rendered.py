"""Plans rendered as office PDFs with LibreOffice, for the format benchmarks.

    .venv/bin/python benchmarks/rendered.py OUT_DIR [--gold DIR] [--dev DIR]

Writes ``OUT_DIR/seeds/<stem>.pdf`` for each gold plan (its task table as a real
ruled table, see tests/extraction/test_renderings.py) and ``OUT_DIR/dev/<stem>.pdf``
for each dev document (markdown: ``|`` lines become one ruled table, other
lines paragraphs), each through ``soffice --headless --convert-to pdf`` of an
HTML page set in a serif office font. Score them with
``cchc eval GOLD OUT_DIR/seeds`` and ``cchc eval DEV_GOLD OUT_DIR/dev``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test document builders

from tests.extraction.documents import Heading  # noqa: E402
from tests.extraction.test_renderings import plan_blocks  # noqa: E402

STYLE = (
    "<style>body{font-family:'Liberation Serif','Times New Roman',serif;font-size:13pt}"
    "table{border-collapse:collapse}td{border:1px solid black;vertical-align:top}</style>"
)
_RULE = re.compile(r"^\|?\s*:?-{2,}")
_MARKS = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")


def html_of_blocks(blocks: list) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'>{STYLE}</head><body>"]
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"<h2>{escape(block.text)}</h2>")
        elif isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block
            )
            parts.append(f"<table border='1' cellspacing='0' cellpadding='3'>{rows}</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def markdown_blocks(text: str) -> list:
    """Markdown as blocks: runs of ``|`` lines are a table, headings and other
    lines paragraphs (emphasis marks dropped, as a word processor would show them)."""
    blocks: list = []
    table: list[list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if _RULE.match(line.replace("|", "", 1).strip()) or set(line) <= set("|-: "):
                continue
            cells = [_MARKS.sub("", c).strip() for c in line.strip("|").split("|")]
            if table is None:
                table = []
                blocks.append(table)
            table.append(cells)
            continue
        table = None
        if not line:
            continue
        if line.startswith("#"):
            blocks.append(Heading(_MARKS.sub("", line.lstrip("#")).strip()))
        else:
            blocks.append(_MARKS.sub("", line))
    for block in blocks:  # LibreOffice wants rectangular tables
        if isinstance(block, list):
            width = max(len(r) for r in block)
            for row in block:
                row += [""] * (width - len(row))
    return blocks


def to_pdf(html: str, out: Path) -> Path:
    """``out`` (a .pdf) printed by LibreOffice from the HTML page ``html``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, out.stem + ".html")
        source.write_text(html, encoding="utf-8")
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", str(out.parent),
             str(source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return out


def render_all(out: Path, gold: Path, dev: Path) -> tuple[list[Path], list[Path]]:
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    (out / "dev").mkdir(parents=True, exist_ok=True)
    seeds = [
        to_pdf(
            html_of_blocks(plan_blocks(json.loads(p.read_text(encoding="utf-8")))),
            out / "seeds" / f"{p.stem}.pdf",
        )
        for p in sorted(gold.glob("*.json"))
    ]
    devs = [
        to_pdf(
            html_of_blocks(markdown_blocks(p.read_text(encoding="utf-8"))),
            out / "dev" / f"{p.stem}.pdf",
        )
        for p in sorted(dev.glob("*.md"))
    ]
    return seeds, devs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev" / "docs")
    args = parser.parse_args()
    for path in [p for group in render_all(args.out, args.gold, args.dev) for p in group]:
        print(path)


if __name__ == "__main__":
    main()
