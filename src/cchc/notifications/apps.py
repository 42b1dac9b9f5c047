from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cchc.notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self) -> None:
        from cchc.notifications import events

        events.connect()
