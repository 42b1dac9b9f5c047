from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cchc.portal"
    verbose_name = _("Dashboard and portal")
