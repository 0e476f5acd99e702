from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "motcua.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the fail-closed production checks)
