"""The gold plans rendered as real Word and PDF files extract to the same tasks.

Each gold plan is written out the way offices lay plans out — a header, the
objectives, then one task table with section rows per reform area (or per
year), numbered rows, unnumbered sub-rows and extra product/deadline rows —
as a .docx (python-docx) and a .pdf (reportlab, ruled table repeated over
pages). The extractor reads the file and is scored like any document.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest
from tests.extraction.documents import Heading, make_docx_blocks, make_pdf_blocks

from cchc.extraction import extract
from cchc.extraction.evaluate import overall, score_document

GOLD_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

AREA_HEADINGS = {
    "direction": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "institutions": "Cải cách thể chế",
    "procedures": "Cải cách thủ tục hành chính",
    "organization": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "civil_service": "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức",
    "public_finance": "Cải cách tài chính công",
    "modernization": "Hiện đại hóa hành chính",
    "other": "Nhiệm vụ khác",
}
HEADER = ["STT", "Nội dung công việc", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
          "Thời gian hoàn thành"]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _label(ref: str, section: str) -> str:
    """The label printed in the STT column for a gold ref below its section."""
    inner = ref[len(section) + 1 :] if section and ref.startswith(section + ".") else ref
    parts = inner.split(".")
    last = parts[-1]
    if last.startswith("-"):
        depth = sum(1 for p in parts if p.startswith("-"))
        return "-" if depth == 1 else "+"
    if re.fullmatch(r"[a-zđ]", last):
        return f"{last})"
    numbers = [p.split("#")[0] for p in parts if not p.startswith("-")]
    return ".".join(numbers) if len(numbers) > 1 else f"{numbers[0]}."


def _section_of(task: dict) -> tuple[str, str]:
    """(prefix of refs, heading text) of the section a gold task sits in."""
    prefix = task["ref"].split(".")[0].split("#")[0]
    if re.fullmatch(r"\d{4}", prefix):
        return prefix, f"Năm {prefix}"
    return prefix, AREA_HEADINGS.get(task["area"] or "other")


def _task_rows(gold: dict) -> list[list[str]]:
    rows = [HEADER]
    current = None
    sections = 0
    for task in gold["tasks"]:
        prefix, heading = _section_of(task)
        if prefix != current:
            sections += 1
            label = prefix if re.fullmatch(r"[IVX]+", prefix) else ROMAN[sections - 1]
            if re.fullmatch(r"\d{1,2}", prefix):
                label = f"{prefix}."
            rows.append([label, heading, "", "", "", ""])
            current = prefix
        first, *more = task["deliverables"]
        rows.append(
            [
                _label(task["ref"], prefix),
                task["content"],
                first["product"] or "",
                "; ".join(task["lead"]),
                "; ".join(task["coop"]),
                first["deadline_raw"] or "",
            ]
        )
        rows.extend(["", "", d["product"] or "", "", "", d["deadline_raw"] or ""] for d in more)
    return rows


def plan_blocks(gold: dict) -> list:
    """A gold plan laid out as an office prints it: header, objectives, one task table."""
    doc = gold["document"]
    signed = doc["signed"]
    year, month, day = signed.split("-") if signed else ("", "", "")
    issuer = doc["issuer"] or "Ủy ban nhân dân tỉnh"
    return [
        issuer.upper(),
        f"Số: {doc['number']}",
        f"ngày {day} tháng {month} năm {year}" if signed else "",
        Heading("KẾ HOẠCH"),
        Heading(doc["title"] or ""),
        "I. MỤC TIÊU",
        *(f"- {t['text']}." for t in gold["targets"]),
        "II. NHIỆM VỤ CỤ THỂ",
        _task_rows(gold),
        "III. TỔ CHỨC THỰC HIỆN",
        "Sở Nội vụ theo dõi, đôn đốc, tổng hợp báo cáo Ủy ban nhân dân tỉnh.",
    ]


def make_html_blocks(path: Path, blocks: list) -> Path:
    """The plan as a web page: headings, paragraphs and one real <table>."""
    parts = ["<!doctype html><html><head><meta charset='utf-8'></head><body>"]
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
            parts.append(f"<table border='1'>{rows}</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def make_markdown_blocks(path: Path, blocks: list) -> Path:
    """The plan as markdown: ``#`` headings, paragraphs, one pipe table with its rule."""
    lines = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += [f"## **{block.text}**", ""]
        elif isinstance(block, str):
            lines += [block, ""]
        else:
            header, *rows = block
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(row) + " |" for row in rows]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def make_assignment_blocks(path: Path, blocks: list) -> Path:
    """The plan without a table: each task a paragraph followed by labelled field lines."""
    lines = []
    for block in blocks:
        if isinstance(block, Heading | str):
            lines += [getattr(block, "text", block), ""]
            continue
        for label, content, product, lead, coop, deadline in block[1:]:
            if label or content:
                if label and label[-1] not in ".)-+":
                    label += "."  # "II" in a table cell is printed "II." in running text
                lines += ["", f"{label} {content}"]
            for name, value in (
                ("Đơn vị chủ trì", lead),
                ("Đơn vị phối hợp", coop),
                ("Sản phẩm", product),
                ("Thời gian thực hiện", deadline),
            ):
                if value:
                    lines.append(f"- {name}: {value}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


RENDERERS = {
    "assignments.txt": make_assignment_blocks,
    "docx": make_docx_blocks,
    "pdf": make_pdf_blocks,
    "html": make_html_blocks,
    "md": make_markdown_blocks,
}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_gold_plans_rendered_as_real_files_extract_to_the_same_tasks(tmp_path, fmt):
    scores = []
    for gold_path in GOLD_FILES:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = RENDERERS[fmt](tmp_path / f"{gold_path.stem}.{fmt}", plan_blocks(gold))
        year = int(gold["document"]["period"]["start"][:4])
        predicted = extract(path, year=year).to_json()
        score = score_document(gold, predicted, gold_path.stem)
        print(score.line())
        scores.append(score)
    total = overall(scores)
    print(total.line())
    assert total.task_f1 >= 0.98
    assert total.fully_correct >= 0.95
    assert total.target_f1 >= 0.90  # objectives printed as wrapped paragraphs
