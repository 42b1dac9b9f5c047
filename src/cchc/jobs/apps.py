from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "cchc.jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # Every app's ``tasks`` module: its jobs, and its receivers of ``task_finished``
        # that record a job's final failure on the app's own objects.
        autodiscover_modules("tasks")
