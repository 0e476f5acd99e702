from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the fail-closed production checks)
