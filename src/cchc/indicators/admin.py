from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.indicators.models import Indicator, IndicatorValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "scope", "period_kind", "metric", "metric_confirmed"]
    list_filter = ["scope", "period_kind", "metric"]
    raw_id_fields = ["target"]
    filter_horizontal = ["agencies"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "agency", "period_kind", "period_start", "value", "source"]
    list_filter = ["source", "period_kind"]
    raw_id_fields = ["indicator", "agency", "entered_by"]
