"""A plan (kế hoạch), its tasks with deliverables and agency mentions, and its targets.

A plan is created as a draft (by import or by hand), reviewed, then published:
publishing turns every agency mention into assignments of directory units, and
from then on the tasks are tracked (see ``cchc.tracking``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Area(models.TextChoices):
    DIRECTION = "direction", _("Chỉ đạo, điều hành")
    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    ORGANIZATION = "organization", _("Cải cách tổ chức bộ máy")
    CIVIL_SERVICE = "civil_service", _("Xây dựng đội ngũ CBCCVC")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    MODERNIZATION = "modernization", _("Hiện đại hóa hành chính")
    OTHER = "other", _("Khác")


class Plan(models.Model):
    class Kind(models.TextChoices):
        KE_HOACH = "ke_hoach", _("Kế hoạch")
        CHUONG_TRINH = "chuong_trinh", _("Chương trình")
        QUYET_DINH = "quyet_dinh", _("Quyết định")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã ban hành")

    class Extraction(models.TextChoices):
        NONE = "", _("Nhập tay")
        QUEUED = "queued", _("Đang chờ trích xuất")
        RUNNING = "running", _("Đang trích xuất")
        DONE = "done", _("Đã trích xuất")
        FAILED = "failed", _("Trích xuất thất bại")

    class ExtractionStep(models.TextChoices):
        """What a running extraction is doing (services.run_extraction), shown on the plan page."""

        NONE = "", ""
        READING = "reading", _("đang đọc tệp")
        TABLES = "tables", _("đang nhận diện bảng và tách nhiệm vụ")
        SAVING = "saving", _("đang lưu các nhiệm vụ vào bản nháp")

    province = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("tỉnh / thành phố"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    number = models.CharField(_("số hiệu"), max_length=64, blank=True)
    signed = models.DateField(_("ngày ký"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    document = models.FileField(_("tài liệu gốc"), upload_to="plans/%Y/", blank=True)
    document_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    extraction = models.CharField(
        _("trích xuất"),
        max_length=10,
        choices=Extraction.choices,
        blank=True,
        default=Extraction.NONE,
    )
    extraction_error = models.TextField(_("lỗi trích xuất"), blank=True)
    extraction_step = models.CharField(
        _("bước trích xuất"),
        max_length=10,
        choices=ExtractionStep.choices,
        blank=True,
        default=ExtractionStep.NONE,
    )
    # When the extraction state last changed: a running one that stays silent for long
    # was interrupted (a restarted process) and is run again by `extractpending`.
    extraction_changed = models.DateTimeField(null=True, blank=True)
    extraction_year = models.PositiveSmallIntegerField(
        _("năm của kế hoạch (khi văn bản không ghi)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-period_start", "-created_at"]

    def __str__(self) -> str:
        return " – ".join(part for part in (self.number, self.title) if part) or f"#{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


# Closed (completed or halted) tasks after open ones: stored columns only, so an
# index can serve it (tracking.selectors.my_tasks sorts by it, then by deadline).
CLOSED_FIRST_KEY = models.ExpressionWrapper(
    ~models.Q(halted_reason="") | models.Q(completed_on__isnull=False),
    output_field=models.BooleanField(),
)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField(_("số thứ tự"), max_length=32, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    area = models.CharField(_("lĩnh vực"), max_length=20, choices=Area.choices, blank=True)
    content = models.TextField(_("nội dung"))
    source = models.JSONField(_("vị trí trong tài liệu"), default=dict, blank=True)
    doubts = models.JSONField(_("điểm cần xem lại"), default=list, blank=True)
    # The task's final deadline: the latest due date of its deliverables (kept by services).
    due = models.DateField(_("hạn cuối"), null=True, blank=True, db_index=True)
    # Tracking (cchc.tracking): progress in percent, completion day, halt reason.
    progress = models.DecimalField(_("tiến độ (%)"), max_digits=5, decimal_places=2, default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    halted_reason = models.TextField(_("lý do tạm dừng / không thực hiện"), blank=True)
    # A task with sub-tasks shows their roll-up unless someone overrides it with a reason.
    progress_override = models.TextField(_("lý do ghi đè tiến độ"), blank=True)
    # Optimistic concurrency: every write checks and bumps it (see services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["source", "doubts", "position"])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position"]
        indexes = [
            # "My tasks" order: open tasks first, then by deadline (see
            # tracking.selectors.my_tasks). Read in this order, the page's first
            # rows come without sorting every task of the agency.
            models.Index(CLOSED_FIRST_KEY, models.F("due"), name="plans_task_closed_due_idx"),
            # The page's total: task ids and plans without reading the task rows.
            models.Index(fields=["id"], include=["plan"], name="plans_task_id_plan_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.content[:80]}".strip()


class Deliverable(models.Model):
    class DeadlineKind(models.TextChoices):
        DATE = "date", _("Có thời hạn")
        RECURRING = "recurring", _("Thường xuyên / định kỳ")
        CONDITIONAL = "conditional", _("Theo điều kiện / tiến độ khác")
        NONE = "none", _("Không ghi thời hạn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deliverables")
    position = models.PositiveIntegerField(default=0)
    product = models.TextField(_("sản phẩm"), blank=True)
    deadline_raw = models.CharField(_("thời hạn (như văn bản ghi)"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=12, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    due = models.DateField(_("hạn"), null=True, blank=True)
    frequency = models.CharField(_("tần suất"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["task", "position"]


class Mention(models.Model):
    """One agency name as the plan prints it, and the directory entry it means.

    Resolved when mapped to a unit or a group, or explicitly ignored (a phrase
    such as "Các cơ quan có liên quan" that names no unit).
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COOP = "coop", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField(_("vai trò"), max_length=4, choices=Role.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("tên trong văn bản"), max_length=255)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="mentions"
    )
    group = models.ForeignKey(
        "agencies.AgencyGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentions",
    )
    ignored = models.BooleanField(_("không phải đơn vị"), default=False)

    class Meta:
        ordering = ["task", "role", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def resolved(self) -> bool:
        return bool(self.agency_id or self.group_id or self.ignored)


class Assignment(models.Model):
    """A directory unit responsible for (lead) or contributing to (coop) a published task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(max_length=4, choices=Mention.Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "agency"], name="one_assignment_per_agency")
        ]
        indexes = [
            models.Index(fields=["agency", "role"]),
            # An agency's tasks (and its role in each) from the index alone.
            models.Index(
                fields=["agency", "task"], include=["role"], name="plans_assign_agency_task_idx"
            ),
        ]


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("chỉ tiêu"))
    comparator = models.CharField(_("so sánh"), max_length=2, blank=True)
    value = models.DecimalField(
        _("giá trị"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    due = models.DateField(_("hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "position"]
