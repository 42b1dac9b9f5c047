from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str = "default", **kwargs) -> None:
    # The cache lives in the database (settings.CACHES): its table is not a model, so
    # Django's migrations do not make it; every migrate does, idempotently.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WebConfig(AppConfig):
    name = "cchc.web"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
