"""Scanned plans: how well, and how fast, a plan on paper is read back.

    .venv/bin/python benchmarks/scanned.py [GOLD_DIR] [--skew DEGREES] [--dpi 200] [--limit N]

Each gold plan is printed the way offices lay plans out (the task table of
tests/extraction/test_renderings.py, as a ruled PDF), then scanned: every page
drawn at ``--dpi`` in grey, turned ``--skew`` degrees, and bound into a PDF with
no text layer. The extractor reads the scan through Tesseract and is scored
against the gold like any document (task_f1, fully_correct, …; see SCHEMA.md).
Prints one line per plan with its pages and seconds, then the overall scores.
Needs Tesseract with its Vietnamese data (Debian: tesseract-ocr tesseract-ocr-vie).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test document builders

from tests.extraction.documents import make_pdf_blocks, make_scan  # noqa: E402
from tests.extraction.test_renderings import plan_blocks  # noqa: E402

from cchc.extraction import extract_layout  # noqa: E402
from cchc.extraction.evaluate import overall, score_document  # noqa: E402
from cchc.extraction.readers import read, scan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--skew", type=float, default=0.0)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if scan.tesseract() is None:
        raise SystemExit("Tesseract with its Vietnamese data is not installed")
    scores, pages, seconds = [], 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        for gold_path in sorted(args.gold.glob("*.json"))[: args.limit]:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            printed = make_pdf_blocks(Path(folder, f"{gold_path.stem}.pdf"), plan_blocks(gold))
            scanned = make_scan(
                printed, Path(folder, f"{gold_path.stem}.scan.pdf"), skew=args.skew, dpi=args.dpi
            )
            announced = []  # (page, pages) as the reader announces them
            start = time.perf_counter()
            layout = read(scanned, on_page=lambda *page, seen=announced: seen.append(page))
            year = int(gold["document"]["period"]["start"][:4])
            predicted = extract_layout(layout, year=year).to_json()
            took = time.perf_counter() - start
            score = score_document(gold, predicted, gold_path.stem)
            scores.append(score)
            pages += len(announced)
            seconds += took
            print(f"{score.line()} pages={len(announced)} seconds={took:.1f}", flush=True)
    print(overall(scores).line())
    print(f"{pages} pages in {seconds:.0f} s: {seconds / max(pages, 1):.1f} s a page")


if __name__ == "__main__":
    main()
