from django.contrib import admin

from cchc.tracking.models import Evidence, TaskUpdate


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["original_name", "size"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "action", "author", "agency", "created_at"]
    list_filter = ["action"]
    inlines = [EvidenceInline]
