from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "cchc.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        # Every target a plan gets (import or by hand) becomes an indicator at once.
        from cchc.indicators import services

        post_save.connect(
            services.on_target_saved, sender="plans.Target", dispatch_uid="indicator_for_target"
        )
