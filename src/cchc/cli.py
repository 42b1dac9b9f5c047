"""The ``cchc`` command.

``cchc extract FILE [--year YYYY] [--format json|table]`` prints the plan found in FILE;
``cchc eval GOLD_DIR PRED_DIR`` scores predictions (JSON files, or the source
documents themselves) against gold files. Web commands are added by the platform.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cchc.extraction import UnreadableDocument, extract
from cchc.extraction.evaluate import overall, score_document

EXIT_UNREADABLE = 2


def _cmd_extract(args: argparse.Namespace) -> int:
    try:
        draft = extract(args.file, year=args.year)
    except UnreadableDocument as exc:
        print(f"cchc: {exc.path}: {exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.format == "table":
        print(_as_table(draft.to_json()))
    else:
        json.dump(draft.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    return 0


def _as_table(plan: dict) -> str:
    doc = plan["document"]
    lines = [
        f"{doc.get('number') or '—'}  {doc.get('title') or ''}",
        f"{doc.get('issuer') or ''}  ký ngày {doc.get('signed') or '—'}  "
        f"giai đoạn {doc['period'].get('start') or '?'} → {doc['period'].get('end') or '?'}",
        "",
        f"{'TT':<12} {'Nhiệm vụ':<60} {'Chủ trì':<30} {'Thời hạn':<20}",
    ]
    for task in plan["tasks"]:
        deadline = "; ".join(
            (d["deadline_raw"] or "—")
            + (f" → {d['deadline']['due']}" if d["deadline"]["due"] else "")
            for d in task["deliverables"]
        )
        content = task["content"] if len(task["content"]) <= 58 else task["content"][:57] + "…"
        lead = ", ".join(task["lead"])[:30]
        lines.append(f"{task['ref']:<12} {content:<60} {lead:<30} {deadline}")
    lines.append("")
    lines.append(f"{len(plan['tasks'])} nhiệm vụ, {len(plan['targets'])} chỉ tiêu")
    for target in plan["targets"]:
        lines.append(
            f"  {target['comparator']} {target['value']} {target['unit'] or ''}: {target['text'][:90]}"
        )
    return "\n".join(lines)


def _prediction_for(gold_path: Path, pred_dir: Path, year: int | None) -> dict:
    """The prediction for one gold file: a JSON file of the same stem, else its source document."""
    json_file = pred_dir / (gold_path.stem + ".json")
    if json_file.exists():
        return json.loads(json_file.read_text(encoding="utf-8"))
    for candidate in sorted(pred_dir.glob(gold_path.stem + ".*")):
        try:
            return extract(candidate, year=year).to_json()
        except UnreadableDocument:
            continue
    return {"tasks": [], "targets": []}


def _cmd_eval(args: argparse.Namespace) -> int:
    gold_dir, pred_dir = Path(args.gold_dir), Path(args.pred_dir)
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        print(f"cchc: {gold_dir}: không có tệp gold *.json / no gold files", file=sys.stderr)
        return EXIT_UNREADABLE
    scores = []
    for gold_path in gold_files:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = _prediction_for(gold_path, pred_dir, args.year)
        score = score_document(gold, pred, name=gold_path.stem)
        scores.append(score)
        print(score.line())
        if args.verbose:
            for miss in score.wrong:
                print(f"    {miss}")
    print(overall(scores).line())
    return 0


def _cmd_manage(args: argparse.Namespace) -> int:
    """Run a Django management command of the platform (``cchc manage demo``, ``migrate``...)."""
    import os

    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.web.settings")
    execute_from_command_line(["cchc manage", *args.args])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cchc", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    p_extract = commands.add_parser("extract", help="extract the plan in a document")
    p_extract.add_argument("file")
    p_extract.add_argument(
        "--year", type=int, default=None, help="the plan's year if the text lacks it"
    )
    p_extract.add_argument("--format", choices=("json", "table"), default="json")
    p_extract.set_defaults(func=_cmd_extract)

    p_eval = commands.add_parser("eval", help="score predictions against gold files")
    p_eval.add_argument("gold_dir")
    p_eval.add_argument("pred_dir", help="folder of prediction JSON files or of source documents")
    p_eval.add_argument("--year", type=int, default=None)
    p_eval.add_argument(
        "-v", "--verbose", action="store_true", help="list the wrong fields per task"
    )
    p_eval.set_defaults(func=_cmd_eval)

    p_manage = commands.add_parser("manage", help="run a Django management command (demo, ...)")
    p_manage.add_argument("args", nargs=argparse.REMAINDER)
    p_manage.set_defaults(func=_cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
