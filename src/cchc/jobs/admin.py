from django.contrib import admin

from cchc.jobs.models import Worker


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "host", "pid", "started", "seen")
    readonly_fields = list_display
