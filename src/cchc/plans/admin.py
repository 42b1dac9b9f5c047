from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.plans.models import Plan, Target, Task


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "province", "status", "extraction"]
    list_filter = ["status", "province"]
    search_fields = ["number", "title"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "content", "plan", "due", "progress", "completed_on"]
    list_filter = ["plan", "area"]
    search_fields = ["content", "ref"]
    readonly_fields = ["version"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["text", "comparator", "value", "unit", "plan"]
