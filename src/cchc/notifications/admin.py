from django.contrib import admin

from cchc.notifications.models import Digest, Notification, Preference, Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "content_type", "object_id", "due_key", "digest"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "emailed"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "digest"]


admin.site.register(Preference)
