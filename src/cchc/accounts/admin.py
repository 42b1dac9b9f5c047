from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency"]
    list_filter = ["role"]
    autocomplete_fields = ["agency"]


# The admin's own titles, in the interface's language (Django's read "Django administration").
admin.site.site_header = _("CCHC system administration")
admin.site.site_title = _("CCHC system administration")
admin.site.index_title = _("Users, directory and data")
