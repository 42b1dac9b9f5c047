"""Web latency under load: a generated province on PostgreSQL, the real server, 20 clients.

    .venv/bin/python benchmarks/web.py [--agencies 300] [--tasks 30000] [--updates 300000]
        [--clients 20] [--seconds 60] [--workers N] [--keep-db] [--reuse-db]

Steps, each timed:

1. create a scratch PostgreSQL database (``--db``, default ``cchc_webbench`` on
   ``--pg``) and migrate it;
2. generate a province with COPY: ``--agencies`` units (departments, boards,
   central agencies, districts, communes), one published plan per unit,
   ``--tasks`` tasks in total (sub-tasks, areas, one or two deliverables with
   dated, recurring or conditional deadlines, a lead and 0–3 cooperating
   agencies with their mentions, realistic statuses), ``--updates`` task updates
   (progress, contributions, completion, halting; some with evidence) and the
   task history those updates leave; one focal point per unit, the reform
   office and a leader; then each plan's reporting cycles, built by the
   application's own service, and the agencies' reports of the cycles already
   due (most accepted, some sent, returned, drafts or not started);
3. start gunicorn (``--workers`` sync workers, by default one per core: the pages
   are CPU-bound, and more workers than cores only widened the latency spread
   here; DEBUG off) on 127.0.0.1;
4. log the benchmark users in through the login form;
5. run locust headless: ``--clients`` concurrent clients with no think time,
   each loading the plan dashboard, its agency's task list ("my tasks") and a
   task page, for ``--seconds`` seconds;
6. print p50 / p95 latency, requests per second and server CPU per page, the
   CPU the server and the load generator used during the load, stop the server
   and drop the database (unless ``--keep-db``; ``--reuse-db`` skips steps 1–2
   on a database kept earlier, only bringing it up to the latest migration).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import http.cookiejar
import json
import os
import random
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGES = ["plan dashboard", "my tasks", "task page"]
PASSWORD = "bench-mat-khau-2026"

DEPARTMENTS = [
    ("office", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND"),
    ("department", "Sở Nội vụ", "SNV"),
    ("department", "Sở Tư pháp", "STP"),
    ("department", "Sở Tài chính", "STC"),
    ("department", "Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("department", "Sở Thông tin và Truyền thông", "STTTT"),
    ("department", "Sở Công Thương", "SCT"),
    ("department", "Sở Nông nghiệp và Phát triển nông thôn", "SNN"),
    ("department", "Sở Giao thông vận tải", "SGTVT"),
    ("department", "Sở Xây dựng", "SXD"),
    ("department", "Sở Tài nguyên và Môi trường", "STNMT"),
    ("department", "Sở Lao động – Thương binh và Xã hội", "SLĐTBXH"),
    ("department", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("department", "Sở Khoa học và Công nghệ", "SKHCN"),
    ("department", "Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("department", "Sở Y tế", "SYT"),
    ("department", "Sở Ngoại vụ", "SNgV"),
    ("department", "Thanh tra tỉnh", "TTr"),
    ("board", "Ban Quản lý các Khu công nghiệp", "BQL KCN"),
    ("board", "Ban Dân tộc", "BDT"),
    ("central", "Công an tỉnh", "CA"),
    ("central", "Cục Thuế tỉnh", "CT"),
    ("central", "Kho bạc Nhà nước tỉnh", "KBNN"),
    ("central", "Bảo hiểm xã hội tỉnh", "BHXH"),
    ("public_service", "Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC"),
    ("public_service", "Đài Phát thanh và Truyền hình tỉnh", "PTTH"),
]
AREAS = [
    "direction",
    "institutions",
    "procedures",
    "organization",
    "civil_service",
    "public_finance",
    "modernization",
]
VERBS = [
    "Rà soát, đánh giá",
    "Triển khai thực hiện",
    "Xây dựng và ban hành",
    "Kiểm tra, giám sát",
    "Tuyên truyền, phổ biến",
    "Nâng cao chất lượng",
    "Số hóa hồ sơ, kết quả giải quyết",
    "Tổ chức tập huấn về",
]
OBJECTS = [
    "thủ tục hành chính thuộc thẩm quyền giải quyết",
    "văn bản quy phạm pháp luật do địa phương ban hành",
    "cơ chế một cửa, một cửa liên thông",
    "vị trí việc làm và cơ cấu ngạch công chức",
    "cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "dịch vụ công trực tuyến toàn trình",
    "hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    "chỉ số hài lòng của người dân, tổ chức (SIPAS)",
]
PRODUCTS = ["Báo cáo kết quả", "Kế hoạch triển khai", "Quyết định ban hành", "Văn bản chỉ đạo", ""]
NOTES = [
    "Đã hoàn thành dự thảo, đang lấy ý kiến góp ý.",
    "Đã tổ chức hội nghị triển khai.",
    "Đang tổng hợp số liệu từ các đơn vị trực thuộc.",
    "Đã trình UBND tỉnh xem xét.",
    "Phối hợp cung cấp số liệu theo đề nghị của cơ quan chủ trì.",
    "",
]


def _log(message: str) -> None:
    print(message, flush=True)


# --- the database -----------------------------------------------------------------


def _admin_connection(pg: str):
    import psycopg

    return psycopg.connect(pg.rstrip("/") + "/postgres", autocommit=True)


def create_database(pg: str, name: str) -> None:
    with _admin_connection(pg) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(pg: str, name: str) -> None:
    with _admin_connection(pg) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cchc.web.settings"
    import django

    django.setup()


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    """COPY ``rows`` into ``table``; columns the rows leave out get the model's default.

    (Other features add columns to these tables; the generator need not know them.)
    """
    from django.apps import apps
    from django.db import connection

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.column not in columns and not f.null and not f.primary_key
    ]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
    columns = columns + [f.column for f in extra]
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + defaults)
            count += 1
    return count


# --- the generated province ---------------------------------------------------------


def _agencies(count: int) -> list[dict]:
    """The root, then the departments and the like, districts, then communes under them."""
    units = [{"kind": "province", "name": "Ủy ban nhân dân tỉnh Thử Nghiệm", "short": "UBND tỉnh"}]
    heads = DEPARTMENTS[: max(0, min(len(DEPARTMENTS), count - 1))]
    units += [{"kind": k, "name": n, "short": s} for k, n, s in heads]
    rest = count - len(units)
    districts = min(rest, max(1, rest // 16)) if rest > 0 else 0
    units += [
        {"kind": "district", "name": f"Ủy ban nhân dân huyện Số {i + 1}", "short": f"H{i + 1}"}
        for i in range(districts)
    ]
    units += [
        {"kind": "commune", "name": f"Ủy ban nhân dân xã Số {i + 1}", "short": f"X{i + 1}"}
        for i in range(count - len(units))
    ]
    return units


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def generate(args) -> dict:
    """Fill the migrated database; returns what the clients need (ids, users)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    rng = random.Random(args.seed)
    tz = datetime.UTC
    year = datetime.date.today().year
    today = datetime.date.today()
    now = datetime.datetime.now(tz)
    start_of_year = datetime.datetime(year, 1, 2, 8, 0, tzinfo=tz)
    units = _agencies(args.agencies)
    password = make_password(PASSWORD)
    counts: dict[str, int] = {}

    with transaction.atomic(), connection.cursor() as wrapper:
        cur = wrapper.cursor
        # Agencies: ids 1..N, the root first; districts' communes spread over them.
        district_ids = [i + 1 for i, u in enumerate(units) if u["kind"] == "district"]
        rows = []
        for i, unit in enumerate(units):
            pk = i + 1
            if i == 0:
                parent = province = None
            elif unit["kind"] == "commune" and district_ids:
                parent, province = district_ids[i % len(district_ids)], 1
            else:
                parent, province = 1, 1
            unit["pk"] = pk
            rows.append(
                (pk, f"bench-{pk}", unit["name"], unit["short"], unit["kind"], parent, province)
                + ("", True, None, None)
            )
        cols = (
            "id code name short_name kind parent_id province_id aliases active valid_from valid_to"
        )
        counts["agencies"] = _copy(cur, "agencies_agency", cols.split(), rows)

        # Users: one focal point per unit, the reform office (Sở Nội vụ) and a leader.
        snv = next((u["pk"] for u in units if u["name"] == "Sở Nội vụ"), 1)
        people = [(f"dm{u['pk']}", "focal_point", u["pk"]) for u in units]
        people += [("sonoivu", "reform_office", snv), ("lanhdao", "leader", 1)]
        user_rows, profile_rows = [], []
        for pk, (username, role, agency) in enumerate(people, start=1):
            user_rows.append((pk, password, False, username, "", "", "", False, True, now))
            profile_rows.append((pk, pk, role, agency))
        cols = "id password is_superuser username first_name last_name email is_staff is_active date_joined"
        counts["users"] = _copy(cur, "auth_user", cols.split(), user_rows)
        _copy(cur, "accounts_profile", ["id", "user_id", "role", "agency_id"], profile_rows)
        focal_user = {
            agency: pk for pk, (_, role, agency) in enumerate(people, 1) if role == "focal_point"
        }

        # Plans: one per unit, published at the start of the year.
        plan_rows = []
        for unit in units:
            pk = unit["pk"]
            plan_rows.append(
                (pk, 1, "ke_hoach", unit["name"], f"{pk}/KH-{unit['short']}")
                + (datetime.date(year - 1, 12, 20), f"Kế hoạch cải cách hành chính năm {year}")
                + (datetime.date(year, 1, 1), datetime.date(year, 12, 31), "published", "", "")
                + ("", "", len(people) - 1, start_of_year, start_of_year)
            )
        cols = (
            "id province_id kind issuer number signed title period_start period_end status "
            "document document_name extraction extraction_error created_by_id created_at published_at"
        )
        counts["plans"] = _copy(cur, "plans_plan", cols.split(), plan_rows)

        # Tasks with deliverables, mentions and assignments. Popular cooperating
        # agencies (Sở Nội vụ, Sở Tài chính, Sở TT&TT, …) are drawn more often.
        all_ids = [u["pk"] for u in units]
        popular = [u["pk"] for u in units[1:8]] or all_ids
        quarter_ends = [datetime.date(year, m, 28 if m == 2 else 30) for m in (3, 6, 9, 11)]
        quarter_ends.append(datetime.date(year, 12, 31))
        tasks, deliverables, mentions, assignments = [], [], [], []
        task_meta = []  # (pk, lead agency, coop agencies, due, completed_on, halted, progress)
        task_pk = deliverable_pk = mention_pk = assignment_pk = 0
        for unit, n in zip(units, _split(args.tasks, len(units)), strict=True):
            plan = unit["pk"]
            top, parent, sub = 0, None, 0
            for position in range(n):
                task_pk += 1
                if parent is not None and rng.random() < 0.3:
                    sub += 1
                    ref, parent_id = f"{top}.{chr(96 + min(sub, 26))}", parent
                else:
                    top, sub, parent = top + 1, 0, task_pk
                    ref, parent_id = str(top), None
                area = rng.choice(AREAS)
                content = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} (nhiệm vụ {ref})"
                due = None
                for d_position in range(1 if rng.random() < 0.7 else 2):
                    deliverable_pk += 1
                    roll = rng.random()
                    if roll < 0.75:
                        d_due = rng.choice(quarter_ends) - datetime.timedelta(
                            days=rng.choice([0, 0, 0, 15, 45])
                        )
                        row = (f"Trước ngày {d_due:%d/%m/%Y}", "date", None, d_due, "")
                        due = max(due, d_due) if due else d_due
                    elif roll < 0.95:
                        row = ("Thường xuyên", "recurring", None, None, "")
                    else:
                        row = ("Sau khi có hướng dẫn của Bộ", "conditional", None, None, "")
                    deliverables.append(
                        (deliverable_pk, task_pk, d_position, rng.choice(PRODUCTS)) + row
                    )
                lead = plan if plan != 1 or len(units) == 1 else rng.choice(all_ids[1:])
                if rng.random() < 0.1:
                    lead = rng.choice(all_ids)
                coops = set()
                for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                    coops.add(rng.choice(popular) if rng.random() < 0.5 else rng.choice(all_ids))
                coops.discard(lead)
                for m_position, (agency, role) in enumerate(
                    [(lead, "lead")] + [(c, "coop") for c in sorted(coops)]
                ):
                    mention_pk += 1
                    assignment_pk += 1
                    mentions.append(
                        (mention_pk, task_pk, role, m_position, units[agency - 1]["name"])
                        + (agency, None, False)
                    )
                    assignments.append((assignment_pk, task_pk, plan, agency, role))
                # Status: most past-due tasks done (some late), a few halted.
                completed = halted = None
                roll = rng.random()
                if due and due < today:
                    if roll < 0.4:
                        completed = due - datetime.timedelta(days=rng.randint(0, 20))
                    elif roll < 0.55:
                        completed = min(today, due + datetime.timedelta(days=rng.randint(1, 40)))
                    elif roll < 0.58:
                        halted = "Chờ hướng dẫn của Trung ương."
                elif roll < 0.12:
                    completed = today - datetime.timedelta(days=rng.randint(1, 60))
                progress = Decimal(100) if completed else Decimal(rng.randrange(0, 96, 5))
                tasks.append(
                    (task_pk, plan, position, ref, parent_id, area, content, "{}", "[]", due)
                    + (progress, completed, halted or "")
                )
                task_meta.append((task_pk, lead, sorted(coops), completed, halted, progress))

        # Updates: an exponential spread (mean --updates/--tasks, a few long
        # timelines), dated through the year up to completion; each leaves a
        # history row, as post_update does, and some carry evidence.
        weights = [rng.expovariate(1.0) for _ in task_meta]
        scale = args.updates / sum(weights)
        per_task = [int(w * scale) for w in weights]
        for i in rng.sample(range(len(per_task)), args.updates - sum(per_task)):
            per_task[i] += 1
        updates, evidence, history = [], [], []
        update_pk = evidence_pk = history_pk = 0
        task_rows = []
        for row, meta, n in zip(tasks, task_meta, per_task, strict=True):
            pk, lead, coops, completed, halted, final = meta
            plan, parent_id, ref, area, content, due = (
                row[1],
                row[4],
                row[3],
                row[5],
                row[6],
                row[9],
            )
            history_pk += 1
            history.append(
                (pk, ref, area, content, due, Decimal(0), None, "", 1, plan, parent_id)
                + (history_pk, start_of_year, None, "+", None)
            )
            end = datetime.datetime.combine(completed or today, datetime.time(17), tz)
            end = min(end, now - datetime.timedelta(minutes=5))
            span = max(1.0, (end - start_of_year).total_seconds())
            times = sorted(
                start_of_year + datetime.timedelta(seconds=rng.uniform(0, span)) for _ in range(n)
            )
            version, progress = 1, Decimal(0)
            for k, at in enumerate(times):
                last = k == n - 1
                if last and completed:
                    action, note, progress = "done", "Đã hoàn thành.", Decimal(100)
                elif last and halted:
                    action, note = "halt", halted
                elif coops and rng.random() < 0.2:
                    action, note = "contribution", rng.choice(NOTES)
                else:
                    action, note = "progress", rng.choice(NOTES)
                    progress = min(final, (final * (k + 1) / n).quantize(Decimal("0.01")))
                agency = rng.choice(coops) if action == "contribution" else lead
                update_pk += 1
                updates.append(
                    (update_pk, pk, focal_user[agency], agency, at, action, note)
                    + (None if action == "contribution" else progress,)
                )
                if rng.random() < 0.1:
                    evidence_pk += 1
                    evidence.append(
                        (evidence_pk, update_pk, f"evidence/{year}/bench{evidence_pk}.pdf")
                        + (f"Báo cáo {evidence_pk}.pdf", rng.randint(20_000, 3_000_000))
                    )
                version += 1
                history_pk += 1
                history.append(
                    (pk, ref, area, content, due, progress, completed if last else None)
                    + ((halted or "") if last else "", version, plan, parent_id)
                    + (history_pk, at, None, "~", focal_user[agency])
                )
            if not n:
                progress = Decimal(0) if not completed else Decimal(100)
            task_rows.append(row[:10] + (progress if n else row[10], row[11], row[12], version))

        cols = "id plan_id position ref parent_id area content source doubts due progress completed_on halted_reason version"
        counts["tasks"] = _copy(cur, "plans_task", cols.split(), task_rows)
        cols = "id task_id position product deadline_raw deadline_kind start due frequency"
        counts["deliverables"] = _copy(cur, "plans_deliverable", cols.split(), deliverables)
        cols = "id task_id role position text agency_id group_id ignored"
        counts["mentions"] = _copy(cur, "plans_mention", cols.split(), mentions)
        cols = "id task_id plan_id agency_id role"
        counts["assignments"] = _copy(cur, "plans_assignment", cols.split(), assignments)
        cols = "id task_id author_id agency_id created_at action note progress"
        counts["updates"] = _copy(cur, "tracking_taskupdate", cols.split(), updates)
        cols = "id update_id file original_name size"
        counts["evidence"] = _copy(cur, "tracking_evidence", cols.split(), evidence)
        cols = (
            "id ref area content due progress completed_on halted_reason version plan_id "
            "parent_id history_id history_date history_change_reason history_type history_user_id"
        )
        counts["task history"] = _copy(cur, "plans_historicaltask", cols.split(), history)
        for table in (
            "agencies_agency",
            "auth_user",
            "accounts_profile",
            "plans_plan",
            "plans_task",
            "plans_deliverable",
            "plans_mention",
            "plans_assignment",
            "tracking_taskupdate",
            "tracking_evidence",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('plans_historicaltask', 'history_id'), "
            "(SELECT MAX(history_id) FROM plans_historicaltask))"
        )
    counts["report cycles"], counts["agency reports"] = _reports(rng, assignments)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    # The busiest agencies first: their focal points load the longest "my tasks".
    load = Counter(a[3] for a in assignments)
    busy = sorted(units[1:] or units, key=lambda u: -load[u["pk"]])
    logins = ["sonoivu", "lanhdao"] + [f"dm{u['pk']}" for u in busy[:4]]
    logins += [f"dm{u['pk']}" for u in units if u["kind"] in ("district", "commune")][:2]
    return {
        "counts": counts,
        "plans": [u["pk"] for u in units],
        "tasks": [1, task_pk],
        "logins": logins,
    }


def _reports(rng: random.Random, assignments: list) -> tuple[int, int]:
    """Each plan's reporting regime and cycles, built by the application's own service
    (the Ministry's default: quarter I, six months, quarter III, the year), and the
    reports of the cycles already due: most accepted, some sent, returned or
    still drafts, a few not started (those agencies see them on "my tasks")."""
    from cchc.plans.models import Plan
    from cchc.reporting.models import AgencyReport, ReportCycle
    from cchc.reporting.services import ensure_regime

    for plan in Plan.objects.all():
        ensure_regime(plan)
    owing: dict[int, set[int]] = {}  # plan → the agencies it assigns tasks to
    for _pk, _task, plan, agency, _role in assignments:
        owing.setdefault(plan, set()).add(agency)
    statuses = ["accepted"] * 14 + ["submitted"] * 3 + ["returned", "draft", None]
    reports = []
    for cycle in ReportCycle.objects.filter(due__lt=datetime.date.today()):
        for agency in sorted(owing.get(cycle.plan_id, ())):
            status = rng.choice(statuses)
            if status is not None:
                reports.append(
                    AgencyReport(
                        cycle=cycle,
                        agency_id=agency,
                        status=status,
                        return_reason="Bổ sung số liệu." if status == "returned" else "",
                    )
                )
    AgencyReport.objects.bulk_create(reports, batch_size=5000)
    return ReportCycle.objects.count(), len(reports)


def describe(url: str) -> dict:
    """The ids the clients need, read back from a database generated earlier."""
    import psycopg

    with psycopg.connect(url) as conn:
        plans = [r[0] for r in conn.execute("SELECT id FROM plans_plan ORDER BY id")]
        low, high = conn.execute("SELECT MIN(id), MAX(id) FROM plans_task").fetchone()
        busy = conn.execute(
            "SELECT 'dm' || agency_id FROM plans_assignment WHERE agency_id <> 1 "
            "GROUP BY agency_id ORDER BY COUNT(*) DESC LIMIT 4"
        ).fetchall()
        small = conn.execute(
            "SELECT 'dm' || id FROM agencies_agency WHERE kind IN ('district', 'commune') "
            "ORDER BY id LIMIT 2"
        ).fetchall()
    logins = ["sonoivu", "lanhdao"] + [r[0] for r in busy + small]
    return {"counts": {}, "plans": plans, "tasks": [low, high], "logins": logins}


# --- the server and the clients ---------------------------------------------------------


def require_free_port(port: int) -> None:
    """Stop unless nothing listens on 127.0.0.1:``port``: the start-up check below only asks
    whether *a* server answers there, so another run's server would be measured instead."""
    import socket

    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use (another server?): choose --port")


def start_server(args, url: str, output=None, options=()) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``args.port``; ``output``: a file for its log (stdout and
    stderr; default: this process's); ``options``: more gunicorn options."""
    require_free_port(args.port)
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(32),
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CCHC_DATA_DIR=args.data_dir,
    )
    Path(args.data_dir, "static").mkdir(parents=True, exist_ok=True)
    command = [
        str(BIN / "gunicorn"),
        "cchc.web.wsgi:application",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        "--worker-class=sync",
        "--backlog=256",
        "--log-level=warning",
        *options,
    ]
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, start_new_session=True, stdout=output, stderr=output
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/accounts/login/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited; see its output") from None
            time.sleep(0.1)
    stop_server(server)
    raise SystemExit("gunicorn did not answer")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def login(base: str, username: str) -> str:
    """Log in through the real login form; return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/", timeout=30).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        raise SystemExit(f"login failed for {username}")
    return session


def run_clients(args, base: str, config: dict, workdir: Path) -> list[dict]:
    config_path = workdir / "config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    prefix = workdir / "locust"
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "web_locustfile.py"),
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
    env = dict(os.environ, CCHC_BENCH_CONFIG=str(config_path))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The load generator's own CPU: it shares the machine's two cores with the server.
    config["client_cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    return [stats[name] | {"Name": name} for name in PAGES if name in stats]


def _page_urls(config: dict, rng: random.Random) -> dict[str, str]:
    low, high = config["tasks"]
    return {
        "plan dashboard": f"/plans/{rng.choice(config['plans'])}/dashboard/",
        "my tasks": "/my-tasks/",
        "task page": f"/tasks/{rng.randint(low, high)}/",
    }


class CpuMeter:
    """CPU seconds of the server's processes (gunicorn workers and their PostgreSQL
    backends) and of the whole machine, read from /proc; None off Linux."""

    def __init__(self, server: subprocess.Popen, database: str) -> None:
        self.server, self.database = server, database
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def _pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.server.pid or f" {self.database} " in cmdline + " ":
                pids.append(int(entry.name))
        return pids

    def _cpu(self, pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.tick

    def read(self) -> dict | None:
        try:
            cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return None
        values = [int(v) for v in cpu]
        return {
            "server": {pid: self._cpu(pid) for pid in self._pids()},
            "busy": (sum(values[:8]) - values[3] - values[4]) / self.tick,
            "wall": time.perf_counter(),
        }

    @staticmethod
    def server_seconds(before: dict, after: dict) -> float:
        return sum(v - before["server"].get(pid, 0.0) for pid, v in after["server"].items())


def warm_up(base: str, session: str, config: dict, meter: CpuMeter) -> dict[str, float]:
    """Load each page a few times (code, templates, connections), then measure the
    server CPU each page costs, one request at a time: a figure that, unlike the
    latencies, does not depend on what else the machine is running."""
    headers = {"Cookie": f"sessionid={session}"}
    rng = random.Random(1)

    def get(path: str) -> None:
        request = urllib.request.Request(base + path, headers=headers)
        urllib.request.urlopen(request, timeout=60).read()

    for _ in range(8):
        for path in _page_urls(config, rng).values():
            get(path)
    cost = {}
    for page in PAGES:
        before = meter.read()
        for _ in range(30):
            get(_page_urls(config, rng)[page])
        after = meter.read()
        if before and after:
            cost[page] = 1000 * CpuMeter.server_seconds(before, after) / 30
    return cost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=30_000)
    parser.add_argument("--updates", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--think", type=float, default=0.0, help="seconds between requests")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="cchc_webbench")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--reuse-db", action="store_true", help="use the database a --keep-db run left"
    )
    args = parser.parse_args(argv)
    url = f"{args.pg.rstrip('/')}/{args.db}"
    base = f"http://127.0.0.1:{args.port}"

    from django.core.management import call_command

    if args.reuse_db:
        setup_django(url)
        call_command("migrate", verbosity=0)  # the code may have moved on since it was kept
        config = describe(url)
        _log(f"reusing database {args.db}, migrated")
    else:
        started = time.perf_counter()
        create_database(args.pg, args.db)
        setup_django(url)
        call_command("migrate", verbosity=0)
        _log(f"database {args.db} created and migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        config = generate(args)
        from django.db import connections

        connections.close_all()
        figures = ", ".join(f"{v:,} {k}" for k, v in config["counts"].items())
        _log(
            f"generated {figures} in {time.perf_counter() - started:.1f} s (COPY, one transaction)"
        )

    data_dir = tempfile.TemporaryDirectory(prefix="cchc-webbench-")
    args.data_dir = data_dir.name
    server = start_server(args, url)
    meter = CpuMeter(server, args.db)
    try:
        config["sessions"] = [{"sessionid": login(base, name)} for name in config["logins"]]
        config["think"] = args.think
        cost = warm_up(base, config["sessions"][0]["sessionid"], config, meter)
        _log(
            f"gunicorn: {args.workers} sync workers; locust: {args.clients} clients, "
            f"{args.seconds} s, think time {args.think} s; users: {', '.join(config['logins'])}"
        )
        before = meter.read()
        with tempfile.TemporaryDirectory(prefix="cchc-webbench-") as workdir:
            rows = run_clients(args, base, config, Path(workdir))
        after = meter.read()
    finally:
        stop_server(server)
        data_dir.cleanup()
        if not args.keep_db:
            drop_database(args.pg, args.db)
            _log(f"database {args.db} dropped")

    header = f"{'page':<16}{'requests':>10}{'failures':>10}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}"
    _log(f"\n{header}{'server CPU ms/req':>19}")
    for row in rows:
        _log(
            f"{row['Name']:<16}{int(row['Request Count']):>10}{int(row['Failure Count']):>10}"
            f"{row['50%']:>9}{row['95%']:>9}{float(row['Requests/s']):>8.1f}"
            f"{cost.get(row['Name'], float('nan')):>19.1f}"
        )
    if before and after:
        wall = after["wall"] - before["wall"]
        cores = os.cpu_count() or 1
        server = CpuMeter.server_seconds(before, after)
        busy = after["busy"] - before["busy"]
        requests = sum(int(row["Request Count"]) for row in rows) or 1
        _log(
            f"\nduring the load: server (gunicorn + PostgreSQL) {100 * server / wall / cores:.0f}% "
            f"of {cores} cores ({1000 * server / requests:.1f} ms per request), the load "
            f"generator {1000 * config.get('client_cpu', 0) / requests:.1f} ms per request, "
            f"the machine {100 * busy / wall / cores:.0f}% busy "
            f"(load average {os.getloadavg()[0]:.1f}); "
            "server CPU ms/req: measured one request at a time before the load"
        )
    failures = sum(int(row["Failure Count"]) for row in rows)
    return 1 if failures or len(rows) < len(PAGES) else 0


if __name__ == "__main__":
    sys.exit(main())
