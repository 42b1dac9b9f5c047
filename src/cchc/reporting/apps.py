from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    verbose_name = _("Periodic reports")

    def ready(self):
        from cchc.reporting import signals  # noqa: F401  (connects the publish hook)
