from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.reporting.models import AgencyReport, ReportCycle, ReportingRegime


@admin.register(ReportingRegime)
class ReportingRegimeAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "is_default"]


@admin.register(ReportCycle)
class ReportCycleAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "label", "data_start", "data_end", "due", "due_from_text"]


@admin.register(AgencyReport)
class AgencyReportAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "agency", "status", "submitted_at", "late"]
    list_filter = ["status", "late"]
