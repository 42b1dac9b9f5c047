"""Scanned plans: how well, and how fast, a plan on paper is read back.

    .venv/bin/python benchmarks/scanned.py [GOLD_DIR] [--skew DEGREES] [--dpi 200] [--limit N]

Each gold plan is printed the way offices lay plans out (the task table of
tests/extraction/test_renderings.py, as a ruled PDF), then scanned: every page
drawn at ``--dpi`` in grey, turned ``--skew`` degrees, and bound into a PDF with
no text layer. The extractor reads the scan through Tesseract and is scored
against the gold like any document (task_f1, fully_correct, …; see SCHEMA.md).
Prints one line per plan with its pages and seconds, then the overall scores.
Needs Tesseract with its Vietnamese data (Debian: tesseract-ocr tesseract-ocr-vie).

    .venv/bin/python benchmarks/scanned.py --dev [DEV_DIR] [--docs NAME ...]
        [--formats pdf,scan,noisy,noisy-raw] [--dpi 300] [--seed 1]

Real documents instead (../shared/dev: docs and gold), two small ones unless
``--docs`` names others (OCR takes seconds a page: do not run all six at once on
a shared machine). Each is typed as an office types it (``benchmarks/rendered.py``:
python-docx, A4, Times New Roman, ruled tables), printed to PDF by LibreOffice and
scored in the formats asked (see ``FORMATS``): the .md, the .docx, the PDF,
a clean scan of it and a noisy one made like an office scan (``realistic_scan``:
colour, grey toner on uneven paper, blur, grain, specks, skew up to 1.5°, red
stamp and signature on the last page, JPEG at about 1 MB a page, as real scans
are, so that a long plan stays within the reader's 64 MB; seeded, so runs compare), the
noisy one also read without cleaning the page (``noisy-raw``) to show what the
cleaning gains. Prints task_f1/fully_correct per document and format, then
per format the overall scores and the seconds a page (wall and CPU, Tesseract's
included), and Tesseract's own single pass over the noisy pages in the same run
(``tesseract page.png - -l vie``, one thread): the floor to compare with.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test document builders

from benchmarks.rendered import markdown_blocks, seed_blocks, write_docx  # noqa: E402
from tests.extraction.documents import make_pdf_blocks, make_scan  # noqa: E402
from tests.extraction.test_renderings import plan_blocks  # noqa: E402

from cchc.extraction import extract_layout  # noqa: E402
from cchc.extraction.evaluate import overall, score_document  # noqa: E402
from cchc.extraction.readers import read, scan  # noqa: E402


def office_pdf(docx: Path) -> Path:
    """The .pdf LibreOffice prints of ``docx``, beside it."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return docx.with_suffix(".pdf")


def clean_scan(printed: Path, target: Path, *, dpi: int) -> Path:
    """``printed`` drawn at ``dpi`` in grey, straight, no noise: the best a scanner does."""
    with pypdfium2.PdfDocument(str(printed)) as document:
        pages = [
            document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            for i in range(len(document))
        ]
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target


JPEG_QUALITY = 70  # an office scanner's usual setting: under 1 MB a colour page at 300 dpi


def realistic_scan(printed: Path, target: Path, *, dpi: int, seed: int) -> Path:
    """``printed`` as an office scanner makes it, in colour, no text layer: grey
    toner on greyish paper lit unevenly, a little blur, grain and specks, each page
    turned up to 1.5°, a red stamp and a signature on the last page, stored as JPEG.
    The same ``seed`` makes the same pages."""
    rng = random.Random(seed)
    pages = []
    with pypdfium2.PdfDocument(str(printed)) as document:
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
            if index == len(document) - 1:
                _stamp_and_signature(image, rng)
            pages.append(_scanned(image, rng))
    pages[0].save(
        target, save_all=True, append_images=pages[1:], resolution=dpi, quality=JPEG_QUALITY
    )
    return target


def _scanned(image: Image.Image, rng: random.Random) -> Image.Image:
    width, height = image.size
    toner = rng.randint(35, 75)  # the darkest the ink gets
    dim = rng.randint(180, 210)  # the paper's darkest edge; its brightest is 248
    light = Image.linear_gradient("L")  # top to bottom; half the pages left to right
    if rng.random() < 0.5:
        light = light.transpose(Image.Transpose.ROTATE_90)
    if rng.random() < 0.5:
        light = light.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    light = light.resize((width, height)).point(lambda v: dim + (248 - dim) * v // 255)
    paper = Image.merge("RGB", (light, light, light.point(lambda v: v - 14)))  # yellowish
    printed = image.point(lambda v: toner + (255 - toner) * v // 255)
    page = ImageChops.multiply(printed, paper)
    # Grain and specks lie on the paper and the glass, so the scanner's optics blur
    # them with the print. (Added after the blur, grain differs from each pixel to the
    # next as no scanner's does, and the JPEG takes 2.6 MB a page, where a real 300 dpi
    # colour scan takes about 1: a 50-page plan would pass the reader's 64 MB.)
    grain = Image.effect_noise((width, height), 16).convert("RGB")
    page = ImageChops.add(page, grain, offset=-128)
    draw = ImageDraw.Draw(page)
    for _ in range(width * height // 4000):  # dust and toner specks
        x, y, size = rng.randrange(width), rng.randrange(height), rng.choice((1, 1, 1, 2, 2, 3))
        shade = rng.randint(0, 90)
        draw.ellipse((x, y, x + size, y + size), fill=(shade, shade, shade))
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.0)))
    paper_edge = (dim, dim, dim - 14)
    return page.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC,
                       fillcolor=paper_edge)  # fmt: skip


def _stamp_and_signature(image: Image.Image, rng: random.Random) -> None:
    """A round red office stamp with its lettering and star, and a pen signature
    across it, in the lower half of the page, over the text where it lies."""
    width, height = image.size
    ink = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(ink)
    radius, stroke = width // 9, max(3, width // 400)
    cx, cy = int(width * rng.uniform(0.6, 0.75)), int(height * rng.uniform(0.55, 0.8))
    red = (rng.randint(190, 225), rng.randint(20, 60), rng.randint(30, 70))
    for thickness, r in ((2 * stroke, radius), (stroke, radius * 3 // 4)):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=thickness)
    draw.regular_polygon((cx, cy, radius // 4), 5, fill=red)
    for i in range(30):  # the lettering round the ring
        angle = 2 * math.pi * i / 30
        x, y = cx + 0.87 * radius * math.cos(angle), cy + 0.87 * radius * math.sin(angle)
        draw.line((x - stroke, y - 2 * stroke, x + stroke, y + 2 * stroke), fill=red, width=stroke)
    x, y, points = cx - radius, cy + rng.randint(-radius // 3, radius // 3), []
    for i in range(40):
        x += rng.uniform(0.02, 0.07) * radius
        y += rng.uniform(-0.25, 0.25) * radius * math.sin(i)
        points.append((x, y))
    draw.line(points, fill=(30, 40, 140), width=stroke, joint="curve")
    image.paste(ImageChops.multiply(image, ink))


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _tesseract_alone(program: str, scanned: Path, dpi: int) -> tuple[int, float, float]:
    """Pages, wall and CPU seconds of ``tesseract page.png - -l vie`` (one thread)
    over every page of ``scanned``."""
    wall = cpu = 0.0
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as folder, pypdfium2.PdfDocument(str(scanned)) as document:
        for index in range(len(document)):
            path = Path(folder, "page.png")
            document[index].render(scale=dpi / 72).to_pil().save(path)
            start, start_cpu = time.perf_counter(), _cpu()
            subprocess.run([program, str(path), "-", "-l", "vie"], capture_output=True,
                           env=environment, check=True)  # fmt: skip
            wall += time.perf_counter() - start
            cpu += _cpu() - start_cpu
        return len(document), wall, cpu


FORMATS = {
    "md": "the website copy itself",
    "docx": "typed in Word (python-docx), see benchmarks/rendered.py write_docx",
    "pdf": "that .docx printed to PDF by LibreOffice (text layer)",
    "scan": "the PDF drawn at --dpi, straight and clean",
    "noisy": "the PDF as an office scanner makes it (realistic_scan)",
    "noisy-raw": "the same noisy scan read without cleaning the page first",
}


@dataclass
class Plan:
    """One plan to print and scan: its gold, its blocks, its own file if it has one."""

    name: str
    gold: dict
    blocks: list
    source: Path | None = None  # the website copy (.md) of a dev document
    year: int | None = None  # the plan's year, where its blocks may not print it


def dev_plans(dev: Path, names: list[str]) -> list[Plan]:
    plans = []
    for name in names:
        source = dev / "docs" / f"{name}.md"
        gold = json.loads((dev / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        blocks = markdown_blocks(source.read_text(encoding="utf-8"))
        plans.append(Plan(name, gold, blocks, source))
    return plans


def seed_plans(gold_dir: Path, names: list[str]) -> list[Plan]:
    plans = []
    for name in names:
        gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
        year = int(gold["document"]["period"]["start"][:4])
        plans.append(Plan(name, gold, seed_blocks(gold), year=year))
    return plans


def _flat(layout) -> str:
    return " ".join(layout.text().split())


def formats_table(plans: list[Plan], formats: list[str], dpi: int, seed: int) -> None:
    """Scores per plan and format (see the docstring), then per format."""
    program = scan.tesseract()
    if program is None and {"scan", "noisy", "noisy-raw"} & set(formats):
        raise SystemExit("Tesseract with its Vietnamese data is not installed")
    scores: dict[str, list] = {f: [] for f in formats}
    timing: dict[str, list[float]] = {f: [0, 0.0, 0.0] for f in formats}  # pages, wall, cpu
    texts: dict[str, list[float]] = {f: [] for f in formats}
    alone = [0, 0.0, 0.0]
    print(f"{'document':<28} pages  " + "  ".join(f"{f:>16}" for f in formats))
    print(f"{'':<36}" + "  ".join(f"{'f1/fully text':>16}" for f in formats))
    with tempfile.TemporaryDirectory() as folder:
        for plan in plans:
            docx = write_docx(plan.blocks, Path(folder, f"{plan.name}.docx"))
            printed = office_pdf(docx)
            with pypdfium2.PdfDocument(str(printed)) as document:
                count = len(document)
            files = {"md": plan.source, "docx": docx, "pdf": printed}
            if "scan" in formats:
                files["scan"] = clean_scan(printed, Path(folder, f"{plan.name}.scan.pdf"), dpi=dpi)
            if {"noisy", "noisy-raw"} & set(formats):
                noisy = Path(folder, f"{plan.name}.noisy.pdf")
                files["noisy"] = files["noisy-raw"] = realistic_scan(
                    printed, noisy, dpi=dpi, seed=seed
                )
            printed_text = _flat(read(printed))  # what OCR should find
            line = [f"{plan.name:<28} {count:5d}"]
            for fmt in formats:
                if files.get(fmt) is None:
                    line.append(f"{'-':>16}")
                    continue
                scan.CLEAN = fmt != "noisy-raw"
                start, start_cpu = time.perf_counter(), _cpu()
                layout = read(files[fmt])
                read_text = _flat(layout)  # before extraction, which reshapes the blocks
                predicted = extract_layout(layout, year=plan.year).to_json()
                took, took_cpu = time.perf_counter() - start, _cpu() - start_cpu
                scan.CLEAN = True
                score = score_document(plan.gold, predicted, plan.name)
                scores[fmt].append(score)
                text = fuzz.ratio(read_text, printed_text) / 100
                texts[fmt].append(text)
                for i, value in enumerate((count, took, took_cpu)):
                    timing[fmt][i] += value
                line.append(f"{score.task_f1:.2f}/{score.fully_correct:.2f} {text:.3f}")
            if "noisy" in formats:
                for i, value in enumerate(_tesseract_alone(program, files["noisy"], dpi)):
                    alone[i] += value
            print("  ".join(line), flush=True)
    print(f"\n{'format':<10} {'docs':>4} {'task_f1':>8} {'fully_correct':>14} {'text':>6} "
          f"{'s/page':>7} {'cpu s/page':>10}  what")  # fmt: skip
    for fmt in formats:
        if not scores[fmt]:
            continue
        total = overall(scores[fmt])
        pages, wall, cpu = timing[fmt]
        text = sum(texts[fmt]) / len(texts[fmt])
        print(f"{fmt:<10} {len(scores[fmt]):4d} {total.task_f1:8.3f} {total.fully_correct:14.3f} "
              f"{text:6.3f} {wall / pages:7.2f} {cpu / pages:10.2f}  {FORMATS[fmt]}")  # fmt: skip
    if alone[0]:
        pages, wall, cpu = alone
        print(f"{'tesseract':<10} {'':4} {'':8} {'':14} {'':6} {wall / pages:7.2f} "
              f"{cpu / pages:10.2f}  `tesseract page.png - -l vie`, one thread, the noisy pages "
              "(the floor)")  # fmt: skip
    print("text: similarity of the text read to the printed PDF's own text layer (1 = same)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--skew", type=float, default=0.0)
    parser.add_argument("--dpi", type=int, default=None, help="200 (seeds) or 300 (--dev)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dev", nargs="?", type=Path, const=ROOT.parent / "shared" / "dev")
    parser.add_argument(
        "--docs", nargs="+", default=["quoc-hoi-nq-sap-xep-2025", "ha-noi-kh308-2025"]
    )
    parser.add_argument("--formats", default="pdf,scan,noisy,noisy-raw")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", nargs="+", help="gold stems: the formats table over seeds")
    args = parser.parse_args()
    if args.dev is not None or args.seeds:
        formats = args.formats.split(",")
        if unknown := set(formats) - set(FORMATS):
            raise SystemExit(f"unknown formats {sorted(unknown)}: choose among {list(FORMATS)}")
        plans = seed_plans(args.gold, args.seeds) if args.seeds else dev_plans(args.dev, args.docs)
        formats_table(plans, formats, args.dpi or 300, args.seed)
        return
    args.dpi = args.dpi or 200
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
