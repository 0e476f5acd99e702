from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the fail-closed production checks)

        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(*, using: str = "default", **kwargs: Any) -> None:
    """Every `migrate` makes the database cache's table if it is missing (Django's own
    `createcachetable`, which does nothing for a table that exists or a Redis cache), so
    `motcua demo`, a deployment's `motcua migrate` and a switch from Redis back to the
    database all find it (settings.CACHES)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
