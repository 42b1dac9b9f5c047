"""The REST API (DRF): agencies, plans, tasks with their updates. Token or session auth.

The same rules as the pages: lists are the selectors' visible sets, and writes
go through the same services (which check the permission and the version).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from cchc.agencies.models import Agency
from cchc.plans.models import Deliverable, Mention, Plan, Task
from cchc.plans.selectors import visible_plans, visible_tasks
from cchc.reporting import selectors as reporting
from cchc.tracking import selectors, services
from cchc.tracking.models import TaskUpdate


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "active",
            "valid_from",
            "valid_to",
        ]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "province",
            "kind",
            "issuer",
            "number",
            "signed",
            "title",
            "period_start",
            "period_end",
            "status",
            "extraction",
            "extraction_error",
        ]


class DeliverableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliverable
        fields = ["product", "deadline_raw", "deadline_kind", "start", "due"]


class MentionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mention
        fields = ["role", "text", "agency", "group", "ignored"]


class TaskSerializer(serializers.ModelSerializer):
    deliverables = DeliverableSerializer(many=True, read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "ref",
            "parent",
            "area",
            "content",
            "due",
            "progress",
            "completed_on",
            "halted_reason",
            "version",
            "status",
            "deliverables",
            "mentions",
        ]

    def get_status(self, task) -> str:
        return selectors.status_of(task)


class UpdateSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        write_only=True, help_text="Phiên bản nhiệm vụ mà bạn đã đọc."
    )
    completed_on = serializers.DateField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = TaskUpdate
        fields = [
            "id",
            "task",
            "author",
            "agency",
            "created_at",
            "action",
            "note",
            "progress",
            "period",
            "version",
            "completed_on",
        ]
        extra_kwargs = {
            "period": {
                "help_text": "Nhiệm vụ thường xuyên / định kỳ: ngày đầu của kỳ báo cáo "
                "(mặc định: kỳ hiện tại)."
            }
        }
        read_only_fields = ["task", "author", "agency", "created_at"]

    def to_representation(self, instance):
        """The note only for those who may read the task's notes (tracking/rules.py)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not _may_read_notes(self.context, request.user, instance):
            data["note"] = ""
        return data


def _may_read_notes(context: dict, user, update: TaskUpdate) -> bool:
    """``tracking.view_notes`` on the update's task, asked once per task and response."""
    seen = context.setdefault("_notes_by_task", {})
    if update.task_id not in seen:
        seen[update.task_id] = user.has_perm("tracking.view_notes", update.task)
    return seen[update.task_id]


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agency.objects.order_by("pk")
    serializer_class = AgencySerializer


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return visible_plans(self.request.user).order_by("pk")

    @extend_schema(
        parameters=[OpenApiParameter("day", OpenApiTypes.DATE, description="cut-off (today)")],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def figures(self, request, pk=None, format=None):
        """Task counts by status as of the end of ``day`` (YYYY-MM-DD; today by default):
        totals, by area and by lead agency — the consolidated report's figures."""
        plan = self.get_object()
        day = request.query_params.get("day")
        try:
            day = datetime.date.fromisoformat(day) if day else selectors.today()
        except ValueError as exc:
            raise ValidationError({"day": "YYYY-MM-DD"}) from exc
        found = reporting.plan_figures(plan, day)
        groups = {
            key: [{"label": row.label, **row.counts} for row in found[key]]
            for key in ("by_area", "by_agency")
        }
        return Response({"day": day.isoformat(), "totals": found["totals"], **groups})


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer

    def get_queryset(self):
        return (
            visible_tasks(self.request.user)
            .prefetch_related("deliverables", "mentions")
            .order_by("pk")
        )

    @extend_schema(request=UpdateSerializer, responses=UpdateSerializer(many=True))
    @action(detail=True, methods=["get", "post"], serializer_class=UpdateSerializer)
    def updates(self, request, pk=None, format=None):
        """The task's timeline; POST adds an update (the lead for progress/done/halt)."""
        task = self.get_object()
        if request.method == "GET":
            return Response(
                UpdateSerializer(
                    task.updates.all(), many=True, context=self.get_serializer_context()
                ).data
            )
        incoming = UpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            update = services.post_update(
                task,
                request.user,
                expected_version=data["version"],
                action=data["action"],
                note=data.get("note", ""),
                progress=data.get("progress"),
                completed_on=data.get("completed_on"),
                period=data.get("period"),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        return Response(
            UpdateSerializer(update, context=self.get_serializer_context()).data, status=201
        )


class UpdateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UpdateSerializer

    def get_queryset(self):
        return (
            TaskUpdate.objects.filter(task__in=visible_tasks(self.request.user))
            .select_related("task__plan")
            .order_by("-pk")
        )
