"""Benchmark: results and ranking of the reform index (cchc.scoring) for a whole province.

    PYTHONPATH=src .venv/bin/python benchmarks/scoring.py [--departments 40 --communes 120]

In a scratch database (a temporary SQLite file, or $DATABASE_URL if set — give it a
database of its own: the tables are created there), it builds a province with 40
departments and 120 communes, a 90-item framework for each kind (9 areas × 2 criteria
× 5 sub-criteria, methods mixed: levels, bands, proportional, binary, survey, plus a
deduction per criterion), opens a round of each, scores every item of every unit
(written in bulk: the benchmark measures the results, not the form), closes the
rounds, and times ``cchc.scoring.selectors.results`` (totals per unit, area and
criterion, classification, ranking within groups, last year's comparison) and the
.xlsx and .docx of the results. Goal: results and ranking < 2 s on one core.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def framework_spec(kind: str, year: int):
    from cchc.scoring.engine import Band, Interval, ItemSpec, Level
    from cchc.scoring.frameworks import FrameworkSpec

    D = Decimal
    items = []
    for a in range(1, 10):
        area = []
        for c in range(1, 3):
            leaves = []
            for s in range(1, 6):
                code = f"{a}.{c}.{s}"
                kind_of = (a + c + s) % 5
                if kind_of == 0:
                    leaves.append(ItemSpec(code, f"Khảo sát {code}", D(0), D(1), "survey"))
                elif kind_of == 1:
                    leaves.append(
                        ItemSpec(
                            code,
                            f"Mức {code}",
                            D(1),
                            levels=(
                                Level("Kịp thời", D(1)),
                                Level("Chậm", D("0.5")),
                                Level("Không", D(0)),
                            ),
                            method="levels",
                        )
                    )
                elif kind_of == 2:
                    leaves.append(
                        ItemSpec(
                            code,
                            f"Tỷ lệ {code}",
                            D(2),
                            method="bands",
                            bands=(
                                Interval(D(0), D(70), True, False, D(0)),
                                Interval(D(70), D(90), True, True, D(1)),
                                Interval(D(90), D(100), False, True, D(2)),
                            ),
                        )
                    )
                elif kind_of == 3:
                    leaves.append(
                        ItemSpec(code, f"Tỷ lệ × điểm {code}", D(1), method="proportional")
                    )
                else:
                    leaves.append(ItemSpec(code, f"Đạt {code}", D(1), method="binary"))
            crit = ItemSpec(
                f"{a}.{c}",
                f"Tiêu chí {a}.{c}",
                sum((x.max_self for x in leaves), D(0)),
                sum((x.max_survey for x in leaves), D(0)),
            )
            area += [
                crit,
                *leaves,
                ItemSpec(f"{a}.{c}.9", f"Điểm trừ {a}.{c}", D("0.5"), method="deduction"),
            ]
        crits = [x for x in area if x.depth == 1]
        items.append(
            ItemSpec(
                str(a),
                f"Lĩnh vực {a}",
                sum((x.max_self for x in crits), D(0)),
                sum((x.max_survey for x in crits), D(0)),
            )
        )
        items += area
    bands = (Band("Tốt", D(90)), Band("Khá", D(80)), Band("Trung bình", D(70)), Band("Yếu", D(0)))
    return FrameworkSpec(
        f"bench-{kind}", f"Bộ chỉ số {kind}", year, kind, bands=bands, items=tuple(items)
    )


def fill(the_round, rng: random.Random) -> int:
    from cchc.scoring import engine
    from cchc.scoring.models import ItemScore

    scores = list(ItemScore.objects.filter(assessment__round=the_round).select_related("item"))
    specs = {}
    for score in scores:
        spec = specs.setdefault(score.item_id, score.item.spec())
        if spec.method == "survey":
            score.survey_points = Decimal(rng.randint(0, 100)) / 100
            continue
        if spec.method in ("bands", "proportional"):
            score.value = Decimal(rng.randint(0, 10000)) / 100
            score.self_points = engine.points_for(spec, score.value)
        elif spec.method == "levels":
            score.self_points = rng.choice(spec.levels).points
        elif spec.method == "deduction":
            score.self_points = rng.choice((Decimal(0), Decimal("-0.25")))
        else:
            score.self_points = rng.choice((spec.max_self, Decimal(0)))
        score.appraised_points = score.self_points
        score.final_points = score.self_points
    ItemScore.objects.bulk_update(
        scores,
        ["value", "self_points", "appraised_points", "final_points", "survey_points"],
        batch_size=2000,
    )
    return len(scores)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--communes", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.web.test_settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cchc.accounts.predicates import SYSTEM
    from cchc.agencies.models import Agency, Kind
    from cchc.agencies.services import save_agency
    from cchc.scoring import documents, selectors, services
    from cchc.scoring.models import Round

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    province = save_agency(
        Agency(code="p", name="Ủy ban nhân dân tỉnh P", kind=Kind.PROVINCE), SYSTEM
    )
    for n in range(args.departments):
        save_agency(
            Agency(code=f"p-s{n}", name=f"Sở {n:03d}", kind=Kind.DEPARTMENT, parent=province),
            SYSTEM,
        )
    for n in range(args.communes):
        save_agency(
            Agency(
                code=f"p-x{n}",
                name=f"Ủy ban nhân dân xã {n:03d}",
                kind=Kind.COMMUNE,
                parent=province,
            ),
            SYSTEM,
        )
    rng = random.Random(2025)
    rounds = []
    for year in (2024, 2025):  # last year too, for the comparison
        for kind in ("department", "commune"):
            framework = services.save_framework(framework_spec(kind, year), province, SYSTEM)
            the_round = services.open_round(
                framework,
                year,
                datetime.date(year, 11, 1),
                datetime.date(year, 12, 1),
                datetime.date(year, 11, 15),
                SYSTEM,
            )
            scored = fill(the_round, rng)
            Round.objects.filter(pk=the_round.pk).update(state=Round.State.CLOSED)
            if year == 2025:
                rounds.append(the_round)
            leaves = sum(1 for i in framework.items.all() if i.method not in ("", "deduction"))
            print(
                f"{year} {kind}: {the_round.assessments.count()} units, {leaves} scored items "
                f"(+ deductions), {scored} score rows"
            )
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = [selectors.results(Round.objects.get(pk=r.pk)) for r in rounds]
        timings.append(time.perf_counter() - start)
    units = sum(len(r.rows) for r in found)
    print(
        f"results + ranking of {units} units (2 rounds, with last year's): "
        f"best {min(timings):.3f} s, median {sorted(timings)[len(timings) // 2]:.3f} s "
        f"over {args.repeat} runs (goal < 2 s)"
    )
    start = time.perf_counter()
    for r in found:
        documents.render_xlsx(r)
        documents.render_docx(r)
    print(f".xlsx + .docx of both rounds: {time.perf_counter() - start:.3f} s")
    top = found[1].rows[0]
    print(f"example: {top.assessment.unit.name} rank {top.rank}, index {top.index}, {top.band}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
