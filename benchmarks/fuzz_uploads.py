"""Hostile uploads, generated: every file must be answered quickly and in bounded memory.

For each reader (docx, pdf, xlsx, text, html, doc) this generates ``--count``
hostile files (zip bombs, huge declared dimensions, giant and countless pages,
deep nesting, wrong extensions, truncated files, random bytes) and sends each
through the real entry point in a worker process: ``cchc.extraction.extract``
for documents (what ``cchc extract`` and the plan upload run), and
``cchc.extraction.readers.xlsx.rows`` for spreadsheets (what the task-list,
directory and one-stop imports run). A worker reads the files one after the
other; its peak RSS is the peak over all of them. A file not answered within
``--timeout`` seconds counts as a failure and the worker is started again.

    .venv/bin/python benchmarks/fuzz_uploads.py [--count 200] [--readers docx,pdf]

Prints per reader: files, how many were read / refused / failed, the slowest file
and its time, the worker's peak RSS; exits 1 when a goal (peak < 500 MB, every
file within 30 s, no crash) is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import select
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402  (the builders the regression tests use)

PEAK_GOAL_MB = 500
TIME_GOAL_S = 30

WORKER = r"""
import json, resource, sys, time
from cchc.extraction import UnreadableDocument, extract
from cchc.extraction.readers import xlsx
print("ready", flush=True)
for line in sys.stdin:
    path = line.strip()
    start = time.monotonic()
    try:
        if path.endswith(".xlsx"):
            rows = sum(1 for _ in xlsx.rows(open(path, "rb"), path))
            answer = f"read {rows} rows"
        else:
            extract(path)
            answer = "read"
    except UnreadableDocument as exc:
        answer = "refused: " + exc.reason
    except Exception as exc:  # the contract says never: counted as a failure
        answer = f"crashed: {type(exc).__name__}: {exc}"[:300]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps([time.monotonic() - start, peak, answer]), flush=True)
"""


class Worker:
    def __init__(self) -> None:
        self.peak = 0.0
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        def cap() -> None:  # a bomb must not take the machine down
            resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

        env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{os.environ.get('PYTHONPATH', '')}"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=cap,
            env=env,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def run(self, path: Path, timeout: float) -> tuple[float, str]:
        if self.process is None:
            self.start()
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        start = time.monotonic()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.stop()
            return time.monotonic() - start, f"failed: no answer within {timeout:.0f} s"
        seconds, peak, answer = json.loads(line)
        self.peak = max(self.peak, peak)
        return seconds, answer


# --- generators: each yields (file name, bytes) -----------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _common(rng: random.Random, suffix: str, good: bytes) -> Iterator[tuple[str, bytes]]:
    """Wrong extension, truncated, random bytes: what every reader must survive."""
    yield f"random{suffix}", rng.randbytes(rng.randint(1, 200_000))
    yield f"truncated{suffix}", good[: rng.randint(1, max(len(good) - 1, 1))]
    yield f"flipped{suffix}", bytes(b ^ (rng.random() < 0.01) * 0xFF for b in good)
    other = rng.choice([hostile.RTF, hostile.ole_not_word(), hostile.pdf_blank_page(600), b"PK"])
    yield f"renamed{suffix}", other


def docx_files(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    good = hostile.docx_many_paragraphs(50)
    while True:
        kind = rng.randrange(9)
        if kind == 0:
            yield "bomb.docx", hostile.docx_bomb(rng.choice([5, 20, 40, 100, 300]))
        elif kind == 1:
            yield "paragraphs.docx", hostile.docx_many_paragraphs(rng.randint(1000, 150_000))
        elif kind == 2:
            yield "deep.docx", hostile.docx_deep_tables(rng.randint(20, 400))
        elif kind == 3:
            yield "span.docx", hostile.docx_wide_span(rng.choice([10**3, 10**6, 10**9]))
        elif kind == 4:
            grid = "<w:gridCol/>" * rng.randint(10_000, 2_000_000)
            rows = "<w:tr><w:tc><w:p/></w:tc></w:tr>" * rng.randint(10, 2000)
            yield (
                "grid.docx",
                hostile.docx_with_body(
                    f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>".encode()
                ),
            )
        elif kind == 5:
            members = {f"word/media/{i}.xml": b"x" for i in range(rng.randint(2500, 20_000))}
            yield "members.docx", _zip({**members, "word/document.xml": b"<x/>"})
        elif kind == 6:
            cells = "<w:tc><w:p/></w:tc>" * rng.randint(10_000, 1_000_000)
            yield (
                "cells.docx",
                hostile.docx_with_body(f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>".encode()),
            )
        else:
            yield from _common(rng, ".docx", good)


def pdf_files(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    good = hostile.pdf_blank_page(595, 842)
    while True:
        kind = rng.randrange(8)
        if kind == 0:
            yield "blank-giant.pdf", hostile.pdf_blank_page(rng.choice([2880, 5760, 14400, 1e9]))
        elif kind == 1:
            yield (
                "pages.pdf",
                hostile.pdf_blank_page(595, 842, pages=rng.choice([1001, 5000, 50_000])),
            )
        elif kind == 2:
            width = rng.choice([1200, 2880, 5760])
            ink = f"0 g 10 10 {width / 4} {width / 4} re f".encode()
            yield "ink-giant.pdf", hostile.pdf_drawing(width, ink, compress=False)
        elif kind == 3:  # a content stream that inflates to tens of megabytes of operators
            ops = b"0 0 m 1 1 l S\n" * rng.choice([5_000, 30_000, 100_000, 2_000_000])
            yield "stream-bomb.pdf", hostile.pdf_drawing(595, ops)
        elif kind == 4:
            yield "odd-box.pdf", hostile.pdf_blank_page(rng.choice([0, -595, 1e-9]), 842)
        else:
            yield from _common(rng, ".pdf", good)


def xlsx_files(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    good = hostile.xlsx_declared(rows=3, header=["Mã", "Tên"])
    while True:
        kind = rng.randrange(7)
        if kind == 0:
            yield "declared.xlsx", hostile.xlsx_declared(rows=rng.choice([6001, 50_000, 200_000]))
        elif kind == 1:
            yield "wide.xlsx", hostile.xlsx_wide_rows(rng.randint(1000, 30_000))
        elif kind == 2:
            yield "strings.xlsx", hostile.xlsx_shared_strings_bomb(rng.choice([10, 40, 200]))
        elif kind == 3:
            yield "far-row.xlsx", hostile.xlsx_declared(rows=1_048_576, last_column="B")
        else:
            yield from _common(rng, ".xlsx", good)


def text_files(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    good = "1. Rà soát thủ tục hành chính\tSở Tư pháp\tQuý I/2025\n".encode() * 20
    while True:
        kind = rng.randrange(7)
        suffix = rng.choice([".md", ".txt"])
        if kind == 0:
            yield f"long-line{suffix}", b"a" * rng.randint(1_000_000, 30_000_000)
        elif kind == 1:
            yield f"many-lines{suffix}", good * rng.randint(1000, 20_000)
        elif kind == 2:
            yield f"utf16{suffix}", ("Kế hoạch\n" * rng.randint(10, 100_000)).encode("utf-16")
        elif kind == 3:
            yield (
                f"pipes{suffix}",
                ("|" * rng.randint(10, 5000) + "\n").encode() * rng.randint(10, 2000),
            )
        else:
            yield from _common(rng, suffix, good)


def html_files(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    good = b"<html><body><table><tr><td>1</td><td>R\xc3\xa0 so\xc3\xa1t</td></tr></table></body></html>"
    while True:
        kind = rng.randrange(7)
        if kind == 0:
            depth = rng.randint(500, 100_000)
            yield "deep.html", b"<html><body>" + b"<div>" * depth + b"x" + b"</div>" * depth
        elif kind == 1:
            depth = rng.randint(50, 5000)
            yield "tables.html", b"<html><table><tr><td>" * depth + b"x"
        elif kind == 2:
            row = b'<tr><td colspan="999999999" rowspan="999999999">x</td></tr>'
            yield "spans.html", b"<html><table>" + row * rng.randint(10, 20_000) + b"</table>"
        elif kind == 3:
            yield (
                "cells.html",
                b"<html><table><tr>" + b"<td>x</td>" * rng.randint(10_000, 1_000_000),
            )
        else:
            yield from _common(rng, ".html", good)


def doc_files(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    while True:
        kind = rng.randrange(4)
        if kind == 0:
            yield "garbage-word.doc", word + rng.randbytes(rng.randint(10, 100_000))
        elif kind == 1:
            yield "not-word.doc", hostile.ole_not_word() + rng.randbytes(rng.randint(0, 10_000))
        elif kind == 2:
            yield "rtf.doc", hostile.RTF * rng.randint(1, 1000)
        else:
            yield from _common(rng, ".doc", word)


READERS: dict[str, Callable[[random.Random], Iterator[tuple[str, bytes]]]] = {
    "docx": docx_files,
    "pdf": pdf_files,
    "xlsx": xlsx_files,
    "text": text_files,
    "html": html_files,
    "doc": doc_files,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument("--timeout", type=float, default=TIME_GOAL_S)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    ok = True
    print(f"{'reader':<6} {'files':>5} {'read':>5} {'refused':>7} {'failed':>6} "
          f"{'max s':>6} {'peak MB':>7}  slowest")  # fmt: skip
    for reader in args.readers.split(","):
        rng = random.Random(f"{args.seed}-{reader}")
        worker = Worker()
        counts = {"read": 0, "refused": 0, "failed": 0}
        slowest = (0.0, "")
        failures = []
        with tempfile.TemporaryDirectory() as folder:
            files = READERS[reader](rng)
            for index in range(args.count):
                name, data = next(files)
                path = Path(folder) / f"{index:03d}-{name}"
                path.write_bytes(data)
                seconds, answer = worker.run(path, args.timeout)
                path.unlink()
                kind = answer.split(":")[0].split(" ")[0]
                kind = kind if kind in counts else "failed"
                counts[kind] += 1
                if kind == "failed":
                    failures.append(f"{path.name}: {answer}")
                if seconds > slowest[0]:
                    slowest = (seconds, f"{path.name} ({len(data):,} B): {answer[:80]}")
                if args.verbose:
                    print(f"  {seconds:6.2f}s {path.name} ({len(data):,} B): {answer[:100]}")
        worker.stop()
        print(
            f"{reader:<6} {args.count:>5} {counts['read']:>5} {counts['refused']:>7} "
            f"{counts['failed']:>6} {slowest[0]:>6.1f} {worker.peak:>7.0f}  {slowest[1]}",
            flush=True,
        )
        for failure in failures[:5]:
            print(f"       failed: {failure}")
        ok = ok and not failures and worker.peak < PEAK_GOAL_MB and slowest[0] < args.timeout
    print(f"goal: peak < {PEAK_GOAL_MB} MB and every file within {args.timeout:.0f} s: "
          f"{'met' if ok else 'MISSED'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
