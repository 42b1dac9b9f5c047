from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc.scoring.models import Assessment, Framework, Item, ItemScore, Round


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ("position", "code", "name", "max_self", "max_survey", "method", "rule", "live")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "unit_kind", "province")
    list_filter = ("year", "unit_kind")
    inlines = [ItemInline]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ("framework", "year", "state", "opens", "closes")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "round", "group", "status")
    list_filter = ("status",)


@admin.register(ItemScore)
class ItemScoreAdmin(SimpleHistoryAdmin):
    list_display = ("assessment", "item", "self_points", "appraised_points", "final_points")
