from django.contrib import admin

from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.services import save_agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "active", "valid_from", "valid_to"]
    list_filter = ["kind", "active", "province"]
    search_fields = ["name", "short_name", "aliases", "code"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        save_agency(obj, request.user)  # keeps the unit's province in step with its parent


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kinds"]
    search_fields = ["name", "aliases"]
