from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str = "default", **kwargs) -> None:
    # The cache lives in the database (settings.CACHES): its table is not a model, so
    # migrations do not make it. post_migrate is sent once per app with models (this app
    # has none, so it cannot be the sender); createcachetable does nothing once the table
    # exists, so the repeats cost one look-up each.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WebConfig(AppConfig):
    name = "cchc.web"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, dispatch_uid="cchc.web.cache_table")
