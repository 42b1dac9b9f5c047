"""Scanned plans: how well, and how fast, a plan on paper is read back.

    .venv/bin/python benchmarks/scanned.py [GOLD_DIR] [--skew DEGREES] [--dpi 200] [--limit N]

Each gold plan is printed the way offices lay plans out (the task table of
tests/extraction/test_renderings.py, as a ruled PDF), then scanned: every page
drawn at ``--dpi`` in grey, turned ``--skew`` degrees, and bound into a PDF with
no text layer. The extractor reads the scan through Tesseract and is scored
against the gold like any document (task_f1, fully_correct, …; see SCHEMA.md).
Prints one line per plan with its pages and seconds, then the overall scores.
Needs Tesseract with its Vietnamese data (Debian: tesseract-ocr tesseract-ocr-vie).

    .venv/bin/python benchmarks/scanned.py --dev [DEV_DIR] [--max-pages 12]

Real documents instead (../shared/dev: docs and gold): each is scored as its
markdown, as the Word file it came from and its PDF printed by LibreOffice
(benchmarks/rendered.py), and as a scan that looks like one: the PDF drawn at
``--dpi`` in grey, blurred, speckled, turned up to 1.5° (a different angle each
page) and a round stamp over the signature of the last page. Scans are made
only of documents of at most ``--max-pages`` pages (OCR takes seconds a page).
Prints the table of task_f1 / fully_correct per format, and seconds a scanned
page beside Tesseract's own single pass over the same pages in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test document builders

from benchmarks.rendered import markdown_blocks, to_pdf, write_docx  # noqa: E402
from tests.extraction.documents import make_pdf_blocks, make_scan  # noqa: E402
from tests.extraction.test_renderings import plan_blocks  # noqa: E402

from cchc.extraction import extract, extract_layout  # noqa: E402
from cchc.extraction.evaluate import overall, score_document  # noqa: E402
from cchc.extraction.readers import read, scan  # noqa: E402


def realistic_scan(printed: Path, target: Path, *, dpi: int, seed: int) -> Path:
    """``printed`` as an office scanner makes it: grey pages, a little blur,
    speckle, skew up to 1.5°, a stamp on the last page; no text layer."""
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(str(printed))
    pages = []
    for index in range(len(document)):
        page = document[index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
        if index == len(document) - 1:
            _stamp(image, rng)
        image = image.filter(ImageFilter.GaussianBlur(0.7))
        pixels = image.load()
        for _ in range(image.width * image.height // 2500):  # speckle: dust and toner
            x, y = rng.randrange(image.width - 2), rng.randrange(image.height - 2)
            shade = rng.choice((0, 60, 255))
            for dx, dy in ((0, 0), (1, 0), (0, 1)):
                pixels[x + dx, y + dy] = shade
        angle = rng.uniform(-1.5, 1.5)
        image = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
        pages.append(image)
    document.close()
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target


def _stamp(image: Image.Image, rng: random.Random) -> None:
    """A round office stamp and a signature stroke near the bottom right."""
    draw = ImageDraw.Draw(image)
    r = image.width // 9
    cx = image.width * 3 // 4 + rng.randrange(-20, 20)
    cy = image.height * 4 // 5 + rng.randrange(-20, 20)
    for width, radius in ((8, r), (4, r * 3 // 4)):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=110, width=width)
    draw.regular_polygon((cx, cy, r // 4), 5, fill=110)
    points = [(cx - r + i * 12, cy + rng.randrange(-25, 25)) for i in range(r // 6)]
    draw.line(points, fill=40, width=4)


def _tesseract_alone(program: str, scanned: Path, dpi: int) -> tuple[int, float]:
    """Pages and seconds of Tesseract's own single pass over every page of ``scanned``."""
    document = pypdfium2.PdfDocument(str(scanned))
    seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for index in range(len(document)):
            path = Path(folder, "page.png")
            document[index].render(scale=dpi / 72, grayscale=True).to_pil().save(path)
            start = time.perf_counter()
            subprocess.run([program, str(path), "stdout", "-l", "vie"], capture_output=True)
            seconds += time.perf_counter() - start
    pages = len(document)
    document.close()
    return pages, seconds


def dev_formats(dev: Path, dpi: int, max_pages: int) -> None:
    """The table of scores per format over the dev documents (see the docstring)."""
    program = scan.tesseract()
    formats = [".md", ".docx", ".pdf", "scan"]
    scores: dict[str, list] = {f: [] for f in formats}
    ocr_pages, ocr_seconds, alone_pages, alone_seconds = 0, 0.0, 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        for gold_path in sorted((dev / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            source = dev / "docs" / f"{gold_path.stem}.md"
            blocks = markdown_blocks(source.read_text(encoding="utf-8"))
            typed = write_docx(blocks, Path(folder, f"{source.stem}.docx"))
            printed = to_pdf([typed], Path(folder, "pdf"))[0]
            files = {".md": source, ".docx": typed, ".pdf": printed}
            with pypdfium2.PdfDocument(str(printed)) as document:
                count = len(document)
            if program is not None and count <= max_pages:
                scanned = realistic_scan(
                    printed, Path(folder, f"{source.stem}.scan.pdf"), dpi=dpi, seed=count
                )
                files["scan"] = scanned
            line = [f"{gold_path.stem:<28} {count:3d} pages"]
            for fmt, path in files.items():
                start = time.perf_counter()
                predicted = extract(path).to_json()
                took = time.perf_counter() - start
                score = score_document(gold, predicted, gold_path.stem)
                scores[fmt].append(score)
                line.append(f"{fmt} {score.task_f1:.2f}/{score.fully_correct:.2f}")
                if fmt == "scan":
                    ocr_pages += count
                    ocr_seconds += took
                    pages, seconds = _tesseract_alone(program, path, dpi)
                    alone_pages += pages
                    alone_seconds += seconds
            print("  ".join(line), flush=True)
    print(f"\n{'format':<8} {'documents':>9} {'task_f1':>8} {'fully_correct':>14}")
    for fmt in formats:
        if scores[fmt]:
            total = overall(scores[fmt])
            print(
                f"{fmt:<8} {len(scores[fmt]):9d} {total.task_f1:8.3f} {total.fully_correct:14.3f}"
            )
    if ocr_pages:
        print(
            f"scan: {ocr_seconds / ocr_pages:.1f} s a page through cchc; Tesseract's own single "
            f"pass {alone_seconds / alone_pages:.1f} s a page (same pages, same run)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--skew", type=float, default=0.0)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dev", nargs="?", type=Path, const=ROOT.parent / "shared" / "dev")
    parser.add_argument("--max-pages", type=int, default=12)
    args = parser.parse_args()
    if args.dev is not None:
        dev_formats(args.dev, args.dpi, args.max_pages)
        return
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
