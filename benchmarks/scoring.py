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

Then (unless ``--no-web``) the results page under load, against the real server: gunicorn
(``--workers`` sync workers, DEBUG off, the same scratch database) and locust headless,
``--clients`` concurrent clients with no think time for ``--seconds`` seconds, signed in
through the login form as the reform office and focal points of a department and a
commune; each loads at random the departments' results page, the communes' results
page, or the minimal page of the same app (the reform index's index page: a few rows).
p50 / p95 of each are printed side by side, measured in the same run, with the server
CPU per request of each page measured one request at a time beforehand.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))  # web.py: the server and login helpers


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
    parser.add_argument("--no-web", action="store_true", help="skip the page under load")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.web.test_settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

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
            Round.objects.filter(pk=the_round.pk).update(
                state=Round.State.CLOSED, closed_at=timezone.now()
            )
            if year == 2025:
                rounds.append(the_round)
            leaves = sum(1 for i in framework.items.all() if i.method not in ("", "deduction"))
            print(
                f"{year} {kind}: {the_round.assessments.count()} units, {leaves} scored items "
                f"(+ deductions), {scored} score rows"
            )
    from django.core.cache import cache

    timings = []
    for _ in range(args.repeat):
        cache.clear()  # closed rounds' results are cached: time the computation itself
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
    if args.no_web:
        return 0
    by_kind = {r.framework.unit_kind: r.pk for r in rounds}
    return under_load(args, province, by_kind)


PAGES = ("results (40 sở)", "results (120 xã)", "minimal page")


def under_load(args, province, rounds: dict[str, int]) -> int:
    """The results page and a minimal page of the app under ``--clients`` clients."""
    import csv
    import json
    import subprocess

    from django.conf import settings
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.db import connections

    import web
    from cchc.accounts.models import Role
    from cchc.accounts.services import create_user
    from cchc.agencies.models import Agency

    people = [
        ("so-noi-vu", Role.REFORM_OFFICE, Agency.objects.get(code="p-s0")),
        ("dau-moi-so", Role.FOCAL_POINT, Agency.objects.get(code="p-s1")),
        ("dau-moi-xa", Role.FOCAL_POINT, Agency.objects.get(code="p-x1")),
    ]
    # The server runs with the real settings (its hasher), not the test settings' one.
    hashed = PBKDF2PasswordHasher().encode(web.PASSWORD, PBKDF2PasswordHasher().salt())
    for username, role, agency in people:
        user, _password = create_user(username, role, agency)
        user.password = hashed
        user.save(update_fields=["password"])
    connections.close_all()
    names = list(PAGES)
    names[0] = f"results ({args.departments} sở)"
    names[1] = f"results ({args.communes} xã)"
    url = os.environ["DATABASE_URL"]
    base = f"http://127.0.0.1:{args.port}"
    data_dir = tempfile.TemporaryDirectory(prefix="cchc-scoringbench-")
    args.data_dir = data_dir.name
    # The server runs the production settings (DEBUG off), not the test settings.
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.web.settings"
    server = web.start_server(args, url)
    database = settings.DATABASES["default"]["NAME"]
    meter = web.CpuMeter(server, str(database))
    paths = {
        names[0]: f"/scoring/rounds/{rounds['department']}/results/",
        names[1]: f"/scoring/rounds/{rounds['commune']}/results/",
        names[2]: "/scoring/",
    }
    try:
        sessions = [web.login(base, username) for username, _r, _a in people]
        cost = {}
        for name, path in paths.items():  # warm up, then server CPU one request at a time
            request = urllib.request.Request(
                base + path, headers={"Cookie": f"sessionid={sessions[0]}"}
            )
            for _ in range(3):
                urllib.request.urlopen(request, timeout=120).read()
            before = meter.read()
            for _ in range(10):
                urllib.request.urlopen(request, timeout=120).read()
            after = meter.read()
            if before and after:
                cost[name] = 1000 * web.CpuMeter.server_seconds(before, after) / 10
        with tempfile.TemporaryDirectory(prefix="cchc-scoringbench-") as workdir:
            config = Path(workdir) / "config.json"
            config.write_text(
                json.dumps({"sessions": sessions, "rounds": rounds, "names": names}),
                encoding="utf-8",
            )
            prefix = Path(workdir) / "locust"
            command = [
                str(web.BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "scoring_locustfile.py"),
                "--headless",
                "--only-summary",
                f"--users={args.clients}",
                f"--spawn-rate={args.clients}",
                f"--run-time={args.seconds}s",
                f"--host={base}",
                f"--csv={prefix}",
                "--reset-stats",
                "--loglevel=WARNING",
                "--stop-timeout=10",
            ]
            env = dict(os.environ, CCHC_BENCH_CONFIG=str(config))
            subprocess.run(command, env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
            with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
                stats = {row["Name"]: row for row in csv.DictReader(handle)}
    finally:
        web.stop_server(server)
        data_dir.cleanup()
    print(
        f"\ngunicorn {args.workers} sync workers, {database_kind(url)}; locust {args.clients} "
        f"clients, no think time, {args.seconds} s; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'page':<22}{'requests':>10}{'failures':>10}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}"
        f"{'server CPU ms/req':>19}"
    )
    failures = 0
    for name in names:
        row = stats.get(name)
        if row is None:
            print(f"{name:<22} no requests")
            failures += 1
            continue
        failures += int(row["Failure Count"])
        print(
            f"{name:<22}{int(row['Request Count']):>10}{int(row['Failure Count']):>10}"
            f"{row['50%']:>9}{row['95%']:>9}{float(row['Requests/s']):>8.1f}"
            f"{cost.get(name, float('nan')):>19.1f}"
        )
    return 1 if failures else 0


def database_kind(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


if __name__ == "__main__":
    raise SystemExit(main())
