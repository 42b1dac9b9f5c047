"""Extraction throughput and peak memory.

    .venv/bin/python benchmarks/extraction.py [SEEDS_DIR] [--dev DIR] [--pdfs DIR] [--copies 100]

Each case runs in a fresh child process pinned to one core, so that its peak
resident memory (ru_maxrss) is its own. Cases: each seed plan alone, the five
together, each real document of ``--dev`` (../shared/dev/docs) alone and all
together, and one file of the seeds concatenated ``--copies`` times (goal:
≥ 1 MB/s, < 300 MB). Then text-layer PDF pages a second: the seeds and dev
documents printed by LibreOffice (benchmarks/rendered.py; ``--pdfs`` reuses a
folder it wrote) read by our PDF reader (PDFium, tables included) beside
pdfplumber's own page reading (``page.chars`` and ``extract_words``) of the
same files in the same run (goal: ≥ 50 pages/s).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
DEFAULT_DEV = DEFAULT_SEEDS.parent / "dev" / "docs"


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _child_pdf(how: str, paths: list[str]) -> None:
    """Run in the child: read every PDF's pages ``how`` (ours or pdfplumber's)."""
    _pin()
    pages = 0
    if how == "cchc":
        import pypdfium2

        from cchc.extraction.readers import pdf

        started = time.perf_counter()
        for path in paths:
            pdf.read(Path(path))
            pages += len(pypdfium2.PdfDocument(path))
    else:
        import pdfplumber

        started = time.perf_counter()
        for path in paths:
            with pdfplumber.open(path) as document:
                for page in document.pages:
                    page.chars  # noqa: B018 (pdfminer interprets the page here)
                    page.extract_words()
                    page.close()
                    pages += 1
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages": pages, "seconds": seconds, "peak_mb": peak_kb / 1024}))


def _run_pdf(label: str, how: str, paths: list[Path]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child-pdf", how, *map(str, paths)],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"{label:<40} {result['pages']:5d} pages {result['seconds']:7.2f} s "
        f"{result['pages'] / result['seconds']:7.1f} pages/s  peak {result['peak_mb']:5.0f} MB"
    )
    return result


def _child(paths: list[str]) -> None:
    """Run in the child: extract every file, print bytes, seconds, tasks, peak RSS."""
    _pin()
    from cchc.extraction import extract

    size = sum(os.path.getsize(p) for p in paths)
    started = time.perf_counter()
    tasks = sum(len(extract(p).tasks) for p in paths)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"bytes": size, "seconds": seconds, "tasks": tasks, "peak_mb": peak_kb / 1024})
    )


def _run(label: str, paths: list[Path], env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, paths)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    mb = result["bytes"] / 1e6
    print(
        f"{label:<28} {mb:8.2f} MB {result['seconds']:8.2f} s "
        f"{mb / result['seconds']:7.2f} MB/s  peak {result['peak_mb']:6.0f} MB  "
        f"{result['tasks']} tasks"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("seeds", nargs="?", default=str(DEFAULT_SEEDS))
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--dev", default=str(DEFAULT_DEV))
    parser.add_argument("--pdfs", help="a folder benchmarks/rendered.py wrote (else rendered now)")
    parser.add_argument("--child", nargs="*")
    parser.add_argument("--child-pdf", nargs="*")
    args, rest = parser.parse_known_args()
    if args.child is not None:
        _child(args.child + rest)
        return
    if args.child_pdf is not None:
        _child_pdf(args.child_pdf[0], args.child_pdf[1:] + rest)
        return
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    print(f"{'case':<28} {'size':>11} {'time':>10} {'speed':>12}  {'memory':>12}")
    for seed in seeds:
        _run(seed.name, [seed])
    _run("all seeds", seeds)
    dev = sorted(Path(args.dev).glob("*.md"))
    for doc in dev:
        _run(doc.name, [doc])
    if dev:
        _run("all dev documents", dev)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "concatenated.txt"
        with big.open("wb") as out:
            for _ in range(args.copies):
                for seed in seeds:
                    out.write(seed.read_bytes())
                    out.write(b"\n\n")
        # One file far larger than any plan: the reading limits (cchc.extraction.limits)
        # would refuse it, so they are raised for this throughput case only.
        unbounded = {
            f"CCHC_LIMIT_{name}": str(10**9)
            for name in ("FILE_MB", "TEXT_CHARS", "BLOCKS", "CELLS", "LINE_CHARS")
        }
        _run(f"{args.copies} concatenated copies", [big], env=unbounded)
        if args.pdfs:
            pdfs = sorted(Path(args.pdfs).glob("*/*.pdf"))
        else:
            from rendered import render_all

            made = render_all(Path(tmp), Path(args.seeds).parent / "gold", Path(args.dev))
            pdfs = [*made["dev-pdf"], *made["seeds-pdf"]]
        print(f"\ntext-layer PDFs printed by LibreOffice ({len(pdfs)} files), one core:")
        _run_pdf("cchc PDF reader (PDFium, with tables)", "cchc", pdfs)
        _run_pdf("pdfplumber page.chars + extract_words", "pdfplumber", pdfs)


if __name__ == "__main__":
    main()
