"""Survey answers under load: citizens answer the per-dossier survey from their receipts' links.

    PYTHONPATH=src .venv/bin/python benchmarks/surveys_load.py [--per-minute 1000] [--minutes 5]
        [--dossiers 10000] [--workers 2] [--port 8767] [--db cchc_load] [--keep-db]

1. A scratch PostgreSQL database (``--db`` on ``--pg``), migrated: the shipped questionnaires,
   among them the per-dossier rating (``ho-so-nd61``: a scale, an open question, the 9 criteria
   of NĐ 61/2018 and the consent).
2. Survey data through the project's own services: a province and its units
   (``agencies.services.save_agency``), the reform office (``accounts.services.create_user``),
   ``--dossiers`` one-stop dossiers imported from a one-stop export file
   (``onestop.services.import_file``) and one link per dossier, the address of its receipt's
   QR code (``surveys.services.invite_dossiers``, as the sample's "links" page does).
3. The real server: gunicorn, ``--workers`` sync workers, DEBUG off, the shipped settings
   (benchmarks/web.py ``start_server``; its log goes to a file, summarised at the end).
4. ``--per-minute`` submissions a minute for ``--minutes`` minutes, started at a steady pace
   (one every 60 / per-minute s) on a thread pool, whatever the answers take. Each submission
   opens the link (GET: the form and its CSRF token), then sends the form (POST). Kinds:
   * new (most): a citizen answers a dossier's link for the first time: must be accepted;
   * resend (about 10 %): the browser sends an accepted answer again (same cookies, same
     form data): must be refused (409 and the "already answered" text);
   * race (about 5 %, in pairs): two tabs open the same fresh link, both send at the same
     moment (a barrier): exactly one must be accepted, the other refused.
   Respondents are many: the app counts public answers per address (20 a minute,
   ``CCHC_SURVEY_POSTS_PER_MINUTE``; the server here is reached directly, so the address is
   ``REMOTE_ADDR``: ``CCHC_TRUSTED_PROXIES`` is 0), so each respondent connects from its own loopback address (127.1.x.y: all of 127/8 reaches
   the server on Linux) instead of raising the limit for the benchmark. A race's two tabs and a
   resend share the respondent's address.
5. After the load, one address sends 40 empty answers per worker in a burst (nothing is
   stored): the limit is in force (429s), and how many pass shows that it is counted once
   for all processes (the cache is a database table).
6. Checks in the database: stored web answers == accepted submissions, every accepted link
   stored exactly once and with the points that were sent, no dossier answered twice, links
   marked used == accepted; and from the client: resends all refused, exactly one of each race
   accepted, no server error. Exit 1 if one fails.

Printed: submissions by kind and outcome, errors, 429s, p50 / p95 / p99 of the GET and the
POST as the client saw them and as spent inside a worker (gunicorn's access log: the
difference is waiting for one of the 2 workers), and of each job from the moment it was due
(waiting for a client thread included); the pace kept, the load average during the run (and
just before: the machine's other work), server CPU, the server log's lines and the checks. The load generator (250 threads of ``requests``) shares the machine with the
server and PostgreSQL, as web.py's locust does. Not locust here: its users run in a closed loop
(a slow server lowers the rate), and a fixed pace, one source address per respondent and two
sends released together are a few lines each with a thread pool.

Measured on 5 Dec 2026 (2 cores shared with other sessions' OCR and browser tests: load
average 4 before the run), with the rate limit counted in the database cache: 1,000/min for
5 min, 5,000 submissions (4,282 new, 476 resends, 242 racing), 4,403 accepted and stored once,
every resend and one of each race refused, 0 errors, 0 × 429; p50 / p95 GET 18 / 39 ms and
POST 31 / 66 ms at the client, 16 / 35 and 28 / 61 ms inside a worker; the server used 23.4 ms
of CPU per submission (GET + POST, with PostgreSQL); a burst of 80 from one address: 20
answered, 60 × 429. The client's time beyond the worker's is the wait for one of the two sync
workers, which grows with the machine's other work (p95 0.9 s and 4.6 s in earlier runs at
load average 6 and 8). ``--per-minute 2000``: the two workers answered about 1,200 a minute,
the backlog grew, every check still ok (no headroom here, with two workers on two shared
cores).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

import web

QUESTIONNAIRE = "ho-so-nd61"  # the shipped per-dossier rating (rates_dossier)
RESEND, RACE = 0.10, 0.025  # shares of the started events; a race is two submissions
RESERVED = 20  # links kept out of the load: warm-up and the rate-limit probe
TIMEOUT = 60
KINDS = ("new", "resend", "race")
OUTCOMES = ("accepted", "refused", "429", "error")
UNITS = [
    ("ks-snv", "Sở Nội vụ", "department"),
    ("ks-stp", "Sở Tư pháp", "department"),
    ("ks-sxd", "Sở Xây dựng", "department"),
    ("ks-ttpv", "Trung tâm Phục vụ hành chính công tỉnh", "public_service"),
    ("ks-h1", "Ủy ban nhân dân huyện Một", "district"),
    ("ks-x1", "Ủy ban nhân dân xã Một", "commune"),
    ("ks-x2", "Ủy ban nhân dân xã Hai", "commune"),
]
PROCEDURES = [
    "Cấp phiếu lý lịch tư pháp",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký khai sinh",
    "Cấp giấy phép xây dựng",
    "Đăng ký thường trú",
]
COMMENTS = ["Cán bộ hướng dẫn tận tình.", "Thời gian chờ còn lâu.", "Nên có thêm chỗ ngồi chờ."]


def log(message: str = "") -> None:
    print(message, flush=True)


# --- the data, through the project's services -------------------------------------------------


def prepare(args) -> dict:
    """The province, its reform office, the dossiers and their links; returns the links."""
    from cchc.accounts.models import Role
    from cchc.accounts.predicates import SYSTEM
    from cchc.accounts.services import create_user
    from cchc.agencies.models import Agency, Kind
    from cchc.agencies.services import save_agency
    from cchc.onestop import services as onestop
    from cchc.onestop.models import Dossier
    from cchc.surveys import services as surveys
    from cchc.surveys.models import Questionnaire

    province = save_agency(
        Agency(code="ks", name="Ủy ban nhân dân tỉnh Khảo Sát", kind=Kind.PROVINCE), SYSTEM
    )
    units = [
        save_agency(Agency(code=code, name=name, kind=kind, parent=province), SYSTEM)
        for code, name, kind in UNITS
    ]
    office, _password = create_user("so-noi-vu", Role.REFORM_OFFICE, units[0])

    # The one-stop export of the last weeks, as the import page reads it: finished dossiers.
    rng = random.Random(args.seed)
    today = datetime.date.today()
    lines = ["Mã hồ sơ,Thủ tục,Cơ quan,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả"]
    for i in range(args.dossiers):
        received = today - datetime.timedelta(days=rng.randint(5, 60))
        due = received + datetime.timedelta(days=rng.choice([1, 3, 5, 10]))
        finished = min(due + datetime.timedelta(days=rng.choice([-1, 0, 0, 0, 2])), today)
        unit = rng.choice(UNITS)[0]
        channel = rng.choice(["Trực tiếp", "Trực tuyến", "Bưu chính"])
        lines.append(
            f"KS-{i:06d},{rng.choice(PROCEDURES)},{unit},{channel},"
            f"{received:%d/%m/%Y},{due:%d/%m/%Y},{finished:%d/%m/%Y}"
        )
    batch = onestop.import_file(province, "\n".join(lines).encode(), "mot-cua.csv", user=SYSTEM)
    questionnaire = Questionnaire.objects.get(code=QUESTIONNAIRE, active=True)
    dossiers = Dossier.objects.filter(batch=batch).order_by("pk")
    links = surveys.invite_dossiers(office, questionnaire, dossiers)
    tokens = [link.token for link in links.values()]
    rng.shuffle(tokens)
    return {"questionnaire": questionnaire.pk, "tokens": tokens}


# --- one respondent ------------------------------------------------------------------------


class SourceAddress(HTTPAdapter):
    """Connect from ``address``: the server sees it as the respondent's REMOTE_ADDR."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class SurveyForm(HTMLParser):
    """The fields of the survey form (not the page's language switch): radio groups,
    text areas, the consent box, the CSRF token."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.inside = False
        self.radios: dict[str, list[str]] = defaultdict(list)
        self.texts: list[str] = []
        self.boxes: list[str] = []
        self.hidden: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("method") == "post" and "card" in (a.get("class") or "").split()
        elif self.inside and tag == "input":
            kind, name = a.get("type"), a.get("name")
            if kind == "radio":
                self.radios[name].append(a["value"])
            elif kind == "checkbox":
                self.boxes.append(name)
            elif kind == "hidden":
                self.hidden[name] = a.get("value", "")
        elif self.inside and tag == "textarea":
            self.texts.append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False

    def answers(self, rng: random.Random) -> dict:
        data = dict(self.hidden)
        for name, values in self.radios.items():
            data[name] = rng.choice(values)
        for name in self.texts:
            data[name] = rng.choice(COMMENTS) if rng.random() < 0.3 else ""
        for name in self.boxes:
            data[name] = "on"
        return data


def points(data: dict) -> int:
    """The rating total the server must store for ``data`` (the criteria's points)."""
    return sum(int(v) for k, v in data.items() if k.startswith("c_"))


class Respondent:
    """A phone: its own address and cookies; it opens a link, then sends the form."""

    def __init__(self, base: str, address: str) -> None:
        self.base, self.address = base, address
        self.http = requests.Session()
        self.http.mount("http://", SourceAddress(address))

    def open(self, token: str, stats) -> str:
        """GET the link; the page's text ("" on a network error)."""
        started = time.perf_counter()
        try:
            page = self.http.get(f"{self.base}/surveys/r/{token}/", timeout=TIMEOUT)
        except requests.RequestException as exc:
            stats.error("GET " + type(exc).__name__)
            return ""
        stats.timing("GET", time.perf_counter() - started)
        if page.status_code != 200:
            stats.error(f"GET HTTP {page.status_code}")
            return ""
        return page.text

    def send(self, token: str, data: dict, stats) -> str:
        """POST the form; the outcome: accepted, refused, 429 or error."""
        started = time.perf_counter()
        try:
            page = self.http.post(f"{self.base}/surveys/r/{token}/", data=data, timeout=TIMEOUT)
        except requests.RequestException as exc:
            stats.error("POST " + type(exc).__name__)
            return "error"
        stats.timing("POST", time.perf_counter() - started)
        if page.status_code == 200 and 'id="thanks"' in page.text:
            return "accepted"
        if page.status_code == 409 and 'id="refusal"' in page.text:
            return "refused"
        if page.status_code == 429:
            return "429"
        stats.error(f"POST HTTP {page.status_code}" + (" (form again)" * (page.status_code == 200)))
        return "error"

    def close(self) -> None:
        self.http.close()


# --- the load ------------------------------------------------------------------------------


class Stats:
    """What the clients saw; appends from many threads under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.outcomes: Counter = Counter()  # (kind, outcome)
        self.errors: Counter = Counter()
        self.accepted: list[tuple[str, str, dict, dict]] = []  # token, address, cookies, data
        self.races: list[tuple[str, str]] = []
        self.late = 0

    def timing(self, method: str, seconds: float) -> None:
        with self.lock:
            self.times[method].append(seconds * 1000)

    def error(self, reason: str) -> None:
        with self.lock:
            self.errors[reason] += 1

    def outcome(self, kind: str, outcome: str, accepted=None) -> None:
        with self.lock:
            self.outcomes[kind, outcome] += 1
            if accepted is not None:
                self.accepted.append(accepted)


class Load:
    def __init__(self, base: str, tokens: list[str], seed: int) -> None:
        self.base, self.tokens = base, iter(tokens)
        self.stats = Stats()
        self.rng = random.Random(seed)
        self.addresses = (
            f"127.{1 + n // 65536}.{n // 256 % 256}.{n % 256}" for n in range(1, 10**7)
        )

    def new(self, token: str, address: str, rng: random.Random) -> None:
        phone = Respondent(self.base, address)
        try:
            form = phone.open(token, self.stats)
            if 'class="card"' not in form:
                self.stats.outcome("new", "error")
                return
            data = SurveyForm(form).answers(rng)
            outcome = phone.send(token, data, self.stats)
            kept = (token, address, phone.http.cookies.get_dict(), data)
            self.stats.outcome("new", outcome, kept if outcome == "accepted" else None)
        finally:
            phone.close()

    def resend(self, earlier: tuple, rng: random.Random) -> None:
        """The same browser sends its accepted answer again (reopened, or a retried POST)."""
        token, address, cookies, data = earlier
        phone = Respondent(self.base, address)
        phone.http.cookies.update(cookies)
        try:
            page = phone.open(token, self.stats)
            if 'id="refusal"' not in page:  # the link, once answered, shows the refusal
                self.stats.error("resend: GET did not show the refusal")
            self.stats.outcome("resend", phone.send(token, data, self.stats))
        finally:
            phone.close()

    def race(self, token: str, address: str, rng: random.Random) -> None:
        """Two tabs open the same fresh link, then send at the same moment."""
        tabs = [Respondent(self.base, address) for _ in range(2)]
        forms = [tab.open(token, self.stats) for tab in tabs]
        if not all('class="card"' in form for form in forms):
            for tab in tabs:
                tab.close()
            self.stats.outcome("race", "error", None)
            self.stats.outcome("race", "error", None)
            return
        datas = [SurveyForm(form).answers(rng) for form in forms]
        outcomes = [""] * 2
        barrier = threading.Barrier(2, timeout=TIMEOUT)

        def send(i: int) -> None:
            barrier.wait()
            outcomes[i] = tabs[i].send(token, datas[i], self.stats)

        other = threading.Thread(target=send, args=(1,))
        other.start()
        send(0)
        other.join()
        for tab, data, outcome in zip(tabs, datas, outcomes, strict=True):
            kept = (token, address, tab.http.cookies.get_dict(), data)
            self.stats.outcome("race", outcome, kept if outcome == "accepted" else None)
            tab.close()
        with self.stats.lock:
            self.stats.races.append(tuple(outcomes))

    def run(self, per_minute: int, minutes: float, threads: int) -> float:
        """Start ``per_minute`` submissions a minute for ``minutes``; the seconds it took."""
        total = round(per_minute * minutes)
        interval = 60 / per_minute
        pool = ThreadPoolExecutor(max_workers=threads)
        start = time.monotonic()
        slot = 0
        while slot < total:
            due = start + slot * interval
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            roll = self.rng.random()
            rng = random.Random(self.rng.random())  # each job its own answers
            with self.stats.lock:
                earlier = self.rng.choice(self.stats.accepted) if self.stats.accepted else None
            if roll < RESEND and earlier:
                job, slots = (self.resend, earlier, rng), 1
            elif roll < RESEND + RACE and slot + 1 < total:
                job, slots = (self.race, next(self.tokens), next(self.addresses), rng), 2
            else:
                job, slots = (self.new, next(self.tokens), next(self.addresses), rng), 1
            pool.submit(self._timed, due, *job)
            slot += slots
        pool.shutdown(wait=True)
        return time.monotonic() - start

    def _timed(self, due: float, job, *args) -> None:
        if time.monotonic() - due > 1:  # the pool had no free thread for over a second
            with self.stats.lock:
                self.stats.late += 1
        try:
            job(*args)
        except Exception as exc:  # a bug of the client: counted, never silent
            self.stats.error(f"client {type(exc).__name__}: {exc}")
        # From the moment it was due, so that time spent waiting for a client thread counts.
        self.stats.timing("whole", time.monotonic() - due)


def probe_rate_limit(base: str, token: str, posts: int) -> Counter:
    """One address sends ``posts`` empty answers in a burst (refused as invalid, never stored)."""
    phone = Respondent(base, "127.254.0.1")
    page = phone.http.get(f"{base}/surveys/r/{token}/", timeout=TIMEOUT).text
    data = SurveyForm(page).hidden  # the CSRF token only
    seen = Counter()
    for _ in range(posts):
        seen[
            phone.http.post(f"{base}/surveys/r/{token}/", data=data, timeout=TIMEOUT).status_code
        ] += 1
    phone.close()
    return seen


class LoadAverage(threading.Thread):
    """The 1-minute load average, every 5 s while the load runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(5):
            self.samples.append(os.getloadavg()[0])


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


# --- the checks ---------------------------------------------------------------------------


def check_database(questionnaire: int, stats: Stats) -> list[tuple[str, bool, str]]:
    from django.db.models import Count

    from cchc.surveys.models import Invitation, Response

    accepted = Counter(token for token, *_ in stats.accepted)
    sent = {token: points(data) for token, _a, _c, data in stats.accepted}
    web_answers = Response.objects.filter(questionnaire=questionnaire, channel="web")
    stored = dict(web_answers.values_list("invitation__token", "rating_total"))
    stored_count = web_answers.count()
    twice = (
        Response.objects.filter(dossier__isnull=False)
        .values("questionnaire", "dossier")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    used = Invitation.objects.filter(questionnaire=questionnaire, used_at__isnull=False).count()
    total = sum(accepted.values())
    wrong_points = sum(
        1 for token, total_points in sent.items() if stored.get(token) != total_points
    )
    resends = {o: n for (k, o), n in stats.outcomes.items() if k == "resend"}
    races_ok = sum(1 for pair in stats.races if sorted(pair) == ["accepted", "refused"])
    return [
        (
            "stored web answers == accepted submissions",
            stored_count == total,
            f"{stored_count:,} == {total:,}",
        ),
        (
            "every accepted link stored exactly once",
            max(accepted.values(), default=1) == 1
            and set(stored) == set(accepted)
            and len(stored) == stored_count,
            f"{len(set(stored) & set(accepted)):,} of {len(accepted):,} links, none twice",
        ),
        ("stored points == the points sent", wrong_points == 0, f"{wrong_points} differ"),
        ("no dossier answered twice", twice == 0, f"{twice} dossiers with more than one answer"),
        ("links marked used == accepted", used == total, f"{used:,} == {total:,}"),
        ("every resend refused", set(resends) <= {"refused"}, str(resends or "none sent")),
        (
            "exactly one of each race accepted",
            races_ok == len(stats.races),
            f"{races_ok} of {len(stats.races)} pairs",
        ),
        (
            "no server or client error",
            not stats.errors,
            str(dict(stats.errors)) if stats.errors else "0",
        ),
    ]


def worker_times(path: Path, leave_out: set[str]) -> dict[str, list[float]]:
    """Milliseconds each GET and POST of a survey link spent in a worker, from the access
    log; the links in ``leave_out`` (warm-up, rate-limit probe) are left out."""
    times: dict[str, list[float]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        method, address, _status, micros = line.split()
        if address.startswith("/surveys/r/") and address.split("/")[3] not in leave_out:
            times[method].append(int(micros) / 1000)
    return times


def summarise_log(path: Path) -> tuple[str, int]:
    """The server log's lines by their first words (Django logs each 4xx at WARNING)."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    kinds = Counter(line.split(":", 1)[0][:40] for line in lines if line.strip())
    errors = sum(1 for line in lines if "Traceback" in line or "Internal Server Error" in line)
    text = ", ".join(f'"{k}" {n:,}' for k, n in kinds.most_common(6)) or "empty"
    return f"{len(lines):,} lines: {text}", errors


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-minute", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=250, help="client threads")
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="cchc_load")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args(argv)
    needed = round(args.per_minute * args.minutes) + RESERVED
    if args.dossiers < needed:
        parser.error(f"--dossiers must be at least {needed:,} (one fresh link per submission)")
    web.require_free_port(args.port)
    url = f"{args.pg.rstrip('/')}/{args.db}"
    base = f"http://127.0.0.1:{args.port}"

    started = time.perf_counter()
    web.create_database(args.pg, args.db)
    web.setup_django(url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    prepared = prepare(args)
    connections.close_all()
    tokens = prepared["tokens"]
    log(
        f"database {args.db}: migrated; {args.dossiers:,} dossiers imported and their links "
        f"issued through the services in {time.perf_counter() - started:.1f} s"
    )

    workdir = tempfile.TemporaryDirectory(prefix="cchc-surveyload-")
    args.data_dir = workdir.name
    server_log = Path(workdir.name, "server.log")
    access_log = Path(workdir.name, "access.log")
    load = Load(base, tokens[RESERVED:], args.seed)
    try:
        # The access log gives each request's time inside a worker (%(D)s, µs): the
        # rest of the client's figure is waiting for a free worker (the listen queue).
        access = [
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(m)s %(U)s %(s)s %(D)s",
        ]
        with open(server_log, "w", encoding="utf-8") as output:
            server = web.start_server(args, url, output=output, options=access)
        try:
            for token in tokens[:10]:  # warm up both workers: code, templates, connections
                requests.get(f"{base}/surveys/r/{token}/", timeout=TIMEOUT).raise_for_status()
            meter = web.CpuMeter(server, args.db)
            log(
                f"gunicorn {args.workers} sync workers on {base}; {args.per_minute:,} submissions "
                f"a minute for {args.minutes:g} min from {args.threads} client threads"
            )
            idle_load = os.getloadavg()[0]  # the machine's other work, before ours starts
            before = meter.read()
            client_before = resource.getrusage(resource.RUSAGE_SELF)
            sampler = LoadAverage()
            sampler.start()
            seconds = load.run(args.per_minute, args.minutes, args.threads)
            sampler.done.set()
            after = meter.read()
            client_after = resource.getrusage(resource.RUSAGE_SELF)
            # 40 per worker: more than the limit even if each worker counted its own.
            probe = probe_rate_limit(base, tokens[RESERVED - 1], 40 * args.workers)
        finally:
            web.stop_server(server)
        checks = check_database(prepared["questionnaire"], load.stats)
        log_text, log_errors = summarise_log(server_log)
        inside = worker_times(access_log, set(tokens[:RESERVED]))
        checks.append(("no error in the server log", log_errors == 0, f"{log_errors} tracebacks"))
        limit = settings.CCHC_SURVEY_POSTS_PER_MINUTE
        checks.append(
            (
                "the rate limit counted once for all workers",
                probe[200] == limit,
                f"{probe[200]} of a burst answered, limit {limit}",
            )
        )
    finally:
        connections.close_all()
        workdir.cleanup()
        if not args.keep_db:
            web.drop_database(args.pg, args.db)
            log(f"database {args.db} dropped")

    stats = load.stats
    log(f"\n{'submissions':<14}" + "".join(f"{o:>10}" for o in ("sent", *OUTCOMES)))
    for kind in KINDS:
        row = [stats.outcomes[kind, o] for o in OUTCOMES]
        log(f"{kind:<14}{sum(row):>10,}" + "".join(f"{n:>10,}" for n in row))
    row = [sum(stats.outcomes[k, o] for k in KINDS) for o in OUTCOMES]
    log(f"{'total':<14}{sum(row):>10,}" + "".join(f"{n:>10,}" for n in row))
    sent = sum(row)
    log(
        f"pace: {sent:,} submissions in {seconds:.0f} s = {60 * sent / seconds:,.0f}/min "
        f"(target {args.per_minute:,}); started over 1 s late: {stats.late}"
    )
    log(f"errors: {sum(stats.errors.values())} {dict(stats.errors) or ''}")
    log(f"\n{'ms':<34}{'count':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    rows = [
        ("GET (client)", stats.times["GET"]),
        ("POST (client)", stats.times["POST"]),
        ("GET inside a worker", inside["GET"]),
        ("POST inside a worker", inside["POST"]),
        ("job (GET + POST), from its due time", stats.times["whole"]),
    ]
    for name, times in rows:
        if times:
            figures = [percentile(times, s) for s in (0.5, 0.95, 0.99)] + [max(times)]
            log(f"{name:<34}{len(times):>8,}" + "".join(f"{f:>8.0f}" for f in figures))
    cores = os.cpu_count() or 1
    if sampler.samples:
        mean = sum(sampler.samples) / len(sampler.samples)
        log(
            f"\nload average (1 min) during the run: mean {mean:.2f}, max "
            f"{max(sampler.samples):.2f} ({cores} cores; {len(sampler.samples)} samples); "
            f"just before it: {idle_load:.2f}"
        )
    if before and after:
        wall = after["wall"] - before["wall"]
        server_cpu = web.CpuMeter.server_seconds(before, after)
        client_cpu = sum(
            getattr(client_after, f) - getattr(client_before, f) for f in ("ru_utime", "ru_stime")
        )
        log(
            f"CPU: server (gunicorn + PostgreSQL) {100 * server_cpu / wall / cores:.0f}% of "
            f"{cores} cores, {1000 * server_cpu / max(sent, 1):.1f} ms per submission (GET + "
            f"POST); the load generator {1000 * client_cpu / max(sent, 1):.1f} ms per submission; "
            f"the machine {100 * (after['busy'] - before['busy']) / wall / cores:.0f}% busy "
            "(other work on it included)"
        )
    log(
        f"rate limit ({settings.CCHC_SURVEY_POSTS_PER_MINUTE}/min per address): "
        f"{sum(probe.values())} empty answers in a burst from "
        f"one address: "
        f"{probe[200]} answered (form with errors, nothing stored), {probe[429]} × 429"
        + (
            f", other {dict((k, v) for k, v in probe.items() if k not in (200, 429))}"
            if set(probe) - {200, 429}
            else ""
        )
    )
    log(f"server log: {log_text}")
    log("\ndatabase checks:")
    for name, ok, detail in checks:
        log(f"  {'ok    ' if ok else 'FAILED'} {name}: {detail}")
    return 0 if all(ok for _n, ok, _d in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
