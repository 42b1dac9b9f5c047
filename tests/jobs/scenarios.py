"""Run as a script on a SQLite file site (see ``sqlite_site``): several connections at once.

    python scenarios.py confirm        two threads confirm the same one-stop batch
    python scenarios.py load ROWS      an import of ROWS rows while others read and write

Prints one JSON line with what happened; the tests judge it.
"""

from __future__ import annotations

import datetime
import json
import sys
import threading
import time

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connections, transaction  # noqa: E402

from cchc.accounts.predicates import SYSTEM  # noqa: E402
from cchc.agencies.models import Agency, Kind  # noqa: E402
from cchc.agencies.services import save_agency  # noqa: E402
from cchc.onestop import services  # noqa: E402
from cchc.onestop.models import Dossier, ImportBatch  # noqa: E402

HEADER = "Mã hồ sơ,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả"


def directory() -> tuple[Agency, Agency]:
    province = save_agency(
        Agency(code="p", name="Ủy ban nhân dân tỉnh P", kind=Kind.PROVINCE), SYSTEM
    )
    office = save_agency(
        Agency(code="p-stp", name="Sở Tư pháp", kind=Kind.DEPARTMENT, parent=province), SYSTEM
    )
    return province, office


def csv_rows(n: int) -> bytes:
    start = datetime.date(2024, 1, 1)
    lines = [HEADER]
    for i in range(n):
        day = start + datetime.timedelta(days=i % 300)
        lines.append(
            f"HS-{i:07d},p-stp,{day:%d/%m/%Y},{day + datetime.timedelta(days=5):%d/%m/%Y},"
        )
    return "\n".join(lines).encode()


def confirm() -> dict:
    province, _office = directory()
    batch, _found = services.preview(
        province, SimpleUploadedFile("hoso.csv", csv_rows(3000)), SYSTEM
    )
    barrier = threading.Barrier(2)
    results = []

    def officer():
        found = ImportBatch.objects.get(pk=batch.pk)  # each loaded it as still in preview
        barrier.wait()
        began = time.monotonic()
        try:
            services.confirm(found, SYSTEM)
        except ValidationError as exc:
            results.append({"message": " ".join(exc.messages), "seconds": time.monotonic() - began})
        except Exception as exc:  # what the old code gave: "database is locked"
            results.append({"error": repr(exc), "seconds": time.monotonic() - began})
        else:
            results.append({"ok": True, "seconds": time.monotonic() - began})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from django_tasks_db.models import DBTaskResult

    return {
        "results": results,
        "status": ImportBatch.objects.get(pk=batch.pk).status,
        "jobs": DBTaskResult.objects.filter(task_path="cchc.onestop.tasks.import_batch").count(),
        "dossiers": Dossier.objects.count(),
    }


def load(rows: int) -> dict:
    province, office = directory()
    path = "hoso-lon.csv"
    with open(path, "wb") as handle:
        handle.write(csv_rows(rows))
    done = threading.Event()
    # "partial": the dossiers a user saw right after a save, while the import ran.
    figures = {"reads": [], "writes": [], "partial": set(), "errors": []}

    def importer():
        began = time.monotonic()
        try:
            batch = services.import_file(province, path, user=SYSTEM)
            figures["created"] = batch.rows_created
        except Exception as exc:
            figures["errors"].append(f"import: {exc!r}")
        finally:
            figures["import_seconds"] = time.monotonic() - began
            done.set()
            connections.close_all()

    def user(n: int):
        """Another officer at work: reads a page's figures, saves a small change."""
        try:
            i = 0
            while not done.is_set():
                i += 1
                began = time.monotonic()
                try:
                    Dossier.objects.filter(agency=office).count()
                    list(Agency.objects.filter(province=province).values("name"))
                    figures["reads"].append(time.monotonic() - began)
                    began = time.monotonic()
                    with transaction.atomic():
                        Agency.objects.filter(pk=office.pk).update(aliases=f"user {n} save {i}")
                    figures["writes"].append(time.monotonic() - began)
                    seen = Dossier.objects.count()
                    if 0 < seen < rows:
                        figures["partial"].add(seen)
                except Exception as exc:
                    figures["errors"].append(f"user {n}: {exc!r}")
                time.sleep(0.05)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=importer)] + [
        threading.Thread(target=user, args=(n,)) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reads, writes = figures.pop("reads"), figures.pop("writes")
    figures.update(
        partial=len(figures["partial"]),
        reads=len(reads),
        writes=len(writes),
        max_read=max(reads, default=None),
        max_write=max(writes, default=None),
        dossiers=Dossier.objects.count(),
        journal=connections["default"].cursor().execute("PRAGMA journal_mode").fetchone()[0],
    )
    return figures


if __name__ == "__main__":
    if sys.argv[1] == "confirm":
        print(json.dumps(confirm()))
    else:
        print(json.dumps(load(int(sys.argv[2]))))
