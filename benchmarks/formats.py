"""The same plans as markdown/text, .docx and .pdf: rendered and scored in one command.

    PYTHONPATH=src .venv/bin/python benchmarks/formats.py OUT_DIR [--no-render] [--tight] [--ragged]
        [--row-rules] [-v]

Renders the dev website copies and the seeds' gold plans with
``benchmarks/rendered.py`` (python-docx, then LibreOffice for the PDF) into
OUT_DIR, extracts every file as ``cchc eval`` does, and prints one line per
document and format, then the table of task_f1 / fully_correct / target_f1 per
format (md = the dev copies and the seeds' own text, as given; pdf = printed by
LibreOffice; chromium = the .docx saved as HTML by LibreOffice and printed to PDF
by headless Chromium, a second PDF producer, skipped when chromium is missing;
chromium-hf = the same print with the browser's running header and footer: date,
title, address and page number on every page).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rendered import SHARED, render_all  # noqa: E402

from cchc.extraction import extract  # noqa: E402
from cchc.extraction.errors import UnreadableDocument  # noqa: E402
from cchc.extraction.evaluate import overall, score_document  # noqa: E402


def score_dir(gold_dir: Path, pred_dir: Path, verbose: bool = False):
    scores = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = {"tasks": [], "targets": []}
        for candidate in sorted(pred_dir.glob(gold_path.stem + ".*")):
            try:
                pred = extract(candidate).to_json()
                break
            except UnreadableDocument:
                continue
        score = score_document(gold, pred, name=gold_path.stem)
        print(f"  {pred_dir.name}: {score.line()}")
        if verbose:
            for miss in score.wrong:
                print(f"      {miss}")
        scores.append(score)
    return overall(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--gold", type=Path, default=SHARED / "gold")
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--dev", type=Path, default=SHARED / "dev" / "docs")
    parser.add_argument("--dev-gold", type=Path, default=SHARED / "dev" / "gold")
    parser.add_argument("--no-render", action="store_true", help="score OUT_DIR as it is")
    parser.add_argument("--only", default="", help="comma-separated: dev-md,dev-docx,...")
    parser.add_argument(
        "--tight", action="store_true", help="no spacing between paragraphs (indent only)"
    )
    parser.add_argument("--ragged", action="store_true", help="paragraphs aligned left")
    parser.add_argument(
        "--row-rules", action="store_true", help="tables ruled between rows only (no column rules)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if not args.no_render:
        started = time.perf_counter()
        render_all(
            args.out,
            args.gold,
            args.dev,
            tight=args.tight,
            ragged=args.ragged,
            chromium=True,
            row_rules_only=args.row_rules,
        )
        print(f"rendered in {time.perf_counter() - started:.1f} s")
    runs = {
        "dev-md": (args.dev_gold, args.dev),
        "dev-docx": (args.dev_gold, args.out / "dev-docx"),
        "dev-pdf": (args.dev_gold, args.out / "dev-pdf"),
        "seeds-md": (args.gold, args.seeds),
        "seeds-docx": (args.gold, args.out / "seeds-docx"),
        "seeds-pdf": (args.gold, args.out / "seeds-pdf"),
        "dev-chromium": (args.dev_gold, args.out / "dev-chromium"),
        "seeds-chromium": (args.gold, args.out / "seeds-chromium"),
        "dev-chromium-hf": (args.dev_gold, args.out / "dev-chromium-hf"),
    }
    only = {name for name in args.only.split(",") if name}
    results = {}
    for name, (gold_dir, pred_dir) in runs.items():
        if only and name not in only:
            continue
        if not pred_dir.is_dir():
            print(f"{name}: {pred_dir} missing (chromium not installed?), skipped")
            continue
        results[name] = score_dir(gold_dir, pred_dir, args.verbose)
    print()
    print(f"{'set-format':<16} {'task_f1':>8} {'fully_correct':>14} {'target_f1':>10}")
    for name, total in results.items():
        print(
            f"{name:<16} {total.task_f1:>8.3f} {total.fully_correct:>14.3f} "
            f"{total.target_f1:>10.3f}"
        )


if __name__ == "__main__":
    main()
