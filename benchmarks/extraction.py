"""Extraction throughput and peak memory.

    .venv/bin/python benchmarks/extraction.py [SEEDS_DIR] [--copies 100]

Each case runs in a fresh child process pinned to one core, so that its peak
resident memory (ru_maxrss) is its own. Cases: each seed plan alone, the five
together, and one file of the seeds concatenated ``--copies`` times.
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


def _child(paths: list[str]) -> None:
    """Run in the child: extract every file, print bytes, seconds, tasks, peak RSS."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from cchc.extraction import extract

    size = sum(os.path.getsize(p) for p in paths)
    started = time.perf_counter()
    tasks = sum(len(extract(p).tasks) for p in paths)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"bytes": size, "seconds": seconds, "tasks": tasks, "peak_mb": peak_kb / 1024})
    )


def _run(label: str, paths: list[Path]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, paths)],
        check=True,
        capture_output=True,
        text=True,
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
    parser.add_argument("--child", nargs="*")
    args, rest = parser.parse_known_args()
    if args.child is not None:
        _child(args.child + rest)
        return
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    print(f"{'case':<28} {'size':>11} {'time':>10} {'speed':>12}  {'memory':>12}")
    for seed in seeds:
        _run(seed.name, [seed])
    _run("all seeds", seeds)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "concatenated.txt"
        with big.open("wb") as out:
            for _ in range(args.copies):
                for seed in seeds:
                    out.write(seed.read_bytes())
                    out.write(b"\n\n")
        _run(f"{args.copies} concatenated copies", [big])


if __name__ == "__main__":
    main()
