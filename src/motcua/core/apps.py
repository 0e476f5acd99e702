from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "Nền tảng"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the fail-closed production checks)
