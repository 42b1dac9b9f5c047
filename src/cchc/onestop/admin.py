from django.contrib import admin

from cchc.onestop.models import Dossier, ImportBatch, Procedure


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "province",
        "status",
        "created_by",
        "created_at",
        "rows_total",
        "rows_bad",
        "rows_created",
        "rows_updated",
        "rows_duplicate",
    ]
    list_filter = ["status", "province"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    # Millions of rows: no counting paginator work beyond the basics, lookups by code.
    list_display = ["code", "agency", "channel", "received", "due", "finished", "returned_by_post"]
    search_fields = ["=code"]
    raw_id_fields = ["agency", "procedure", "batch"]
    show_full_result_count = False
