"""``cchc manage demo``: a ready-to-try platform on SQLite.

Migrates the database, loads the agency directory of the five seed provinces
(through the same directory import users use), imports every plan document of
``--seeds`` (through the same upload-and-extract service), publishes the plans
whose agency names all resolved, creates one user per role with random
passwords printed once, then starts one background worker (``cchc manage
worker``: plan extraction, imports, reminders) beside the development server.
The queue is a table of the same SQLite database: no broker, no PostgreSQL.

Run it again on the same database: the data is kept and new passwords are printed.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from cchc.accounts.models import Profile, Role
from cchc.accounts.predicates import SYSTEM
from cchc.accounts.services import create_user
from cchc.agencies.models import Agency
from cchc.agencies.selectors import provinces
from cchc.agencies.services import import_directory
from cchc.plans import selectors as plan_selectors
from cchc.plans import services as plans
from cchc.plans.models import Plan

DIRECTORY = Path(__file__).resolve().parents[3] / "agencies" / "fixtures" / "demo_directory.csv"
DEFAULT_SEEDS = settings.PROJECT_DIR.parent / "shared" / "seeds"
# username → (role, the user's agency: its code in the demo directory after "<province code>-")
USERS = {
    "quantri": (Role.ADMIN, None),
    "sonoivu": (Role.REFORM_OFFICE, "snv"),
    "daumoi-tttt": (Role.FOCAL_POINT, "stttt"),
    "daumoi-tuphap": (Role.FOCAL_POINT, "stp"),
    "lanhdao": (Role.LEADER, ""),
}


class Command(BaseCommand):
    help = "Create the demo database (directory, five seed plans, one user per role) and run the server."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds", default=str(DEFAULT_SEEDS), help="folder of plan documents to import"
        )
        parser.add_argument(
            "--drafts",
            help="folder of PlanDraft JSON files (the output of `cchc extract`) to import instead of documents",
        )
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address for the server")
        parser.add_argument("--no-server", action="store_true", help="prepare the data only")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not Plan.objects.exists():
            self._load_directory()
            if options["drafts"]:
                self._import_drafts(Path(options["drafts"]))
            else:
                self._import_documents(Path(options["seeds"]))
        else:
            self.stdout.write("Dữ liệu demo đã có; giữ nguyên và chỉ cấp lại mật khẩu.")
        province = self._users()
        self._public(province, options["addr"])
        if not options["no_server"]:
            worker = subprocess.Popen([sys.executable, "-m", "cchc.cli", "manage", "worker"])
            self.stdout.write(f"Tiến trình chạy việc nền: pid {worker.pid}.")
            try:
                call_command("runserver", options["addr"], use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(30)

    def _load_directory(self):
        report = import_directory(DIRECTORY.read_bytes(), DIRECTORY.name, SYSTEM)
        if not report.ok:
            raise CommandError(f"danh mục demo lỗi: {report.errors[:3]}")
        self.stdout.write(f"Danh mục: {report.created} đơn vị.")

    def _province_for(self, text: str) -> Agency | None:
        """The seed province whose short name appears most in the document's opening."""
        head = text[:4000]
        counts = {p: head.count(p.short_name.split(" ", 1)[-1]) for p in provinces()}
        best = max(counts, key=counts.get, default=None)
        return best if best and counts[best] else None

    def _import_documents(self, folder: Path):
        if not folder.is_dir():
            raise CommandError(f"không có thư mục tài liệu mẫu {folder} (dùng --seeds DIR)")
        queued = []
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in plans.DOCUMENT_TYPES):
            province = self._province_for(path.read_bytes().decode("utf-8", errors="replace"))
            if province is None:
                self.stdout.write(f"{path.name}: không nhận ra tỉnh, bỏ qua.")
                continue
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            try:
                queued.append((plans.start_import(upload, province, SYSTEM), path.name))
            except ValidationError as exc:
                self.stdout.write(f"{path.name}: {' '.join(exc.messages)}")
        # The extractions are jobs like any upload's; here they run before the server
        # starts (the summary below needs them), by a worker that stops when they are done.
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        for plan, name in queued:
            self._publish(plan, name)

    def _import_drafts(self, folder: Path):
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            province = self._province_for((data.get("document") or {}).get("issuer") or "")
            if province is None:
                self.stdout.write(f"{path.name}: không nhận ra tỉnh, bỏ qua.")
                continue
            self._publish(plans.import_plan_json(data, province, SYSTEM), path.name)

    def _publish(self, plan: Plan, name: str):
        plan.refresh_from_db()
        tasks = plan.tasks.count()
        if plan.extraction == Plan.Extraction.FAILED:
            self.stdout.write(f"{name}: {plan.extraction_error}")
            return
        open_names = plan_selectors.unlinked_names(plan)
        if tasks and not open_names:
            plans.publish_plan(plan, SYSTEM)
            self.stdout.write(
                f"{name}: {tasks} nhiệm vụ, đã ban hành ({plan.province.short_name})."
            )
        else:
            self.stdout.write(
                f"{name}: {tasks} nhiệm vụ, bản nháp chờ rà soát ({open_names} tên cơ quan chưa gắn; "
                f"{plan.province.short_name})."
            )

    def _users(self):
        # The users work in the province with the most published tasks, so they have work to see.
        province = (
            Agency.objects.filter(province__isnull=True)
            .annotate(n=Count("plans__tasks", filter=Q(plans__status=Plan.Status.PUBLISHED)))
            .order_by("-n", "code")
            .first()
        )
        self.stdout.write("\nTài khoản demo (mật khẩu chỉ in một lần):")
        for username, (role, suffix) in USERS.items():
            code = f"{province.code}-{suffix}".rstrip("-") if province else None
            agency = (
                Agency.objects.filter(code=code).first() if code and role != Role.ADMIN else None
            )
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                user, password = create_user(username, role, agency)
            else:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                Profile.objects.update_or_create(
                    user=user, defaults={"role": role, "agency": agency}
                )
            where = f" — {agency}" if agency else ""
            self.stdout.write(f"  {username:<16} {password:<20} {Role(role).label}{where}")
        self.stdout.write("")
        return province

    def _public(self, province: Agency | None, addr: str):
        """The public portal's address, and a survey kiosk of the province (kept across runs)."""
        from cchc.agencies.selectors import in_province
        from cchc.surveys import services as surveys
        from cchc.surveys.models import Kiosk, Questionnaire

        site = f"http://{addr}"
        self.stdout.write(f"Cổng thông tin công khai (không cần đăng nhập): {site}/public/")
        rating = Questionnaire.objects.filter(code="ho-so-nd61").first()
        if province is None or rating is None:
            return
        kiosk = Kiosk.objects.filter(agency__in=in_province(province), active=True).first()
        if kiosk is None:
            kiosk = surveys.open_kiosk(SYSTEM, rating, province, "Quầy một cửa (demo)")
        self.stdout.write(
            f"Máy khảo sát tại quầy (mở trên máy tính bảng): {site}/surveys/k/{kiosk.token}/"
        )
        self.stdout.write("")
