from django.apps import AppConfig


class CivilregConfig(AppConfig):
    """The commune's civil-status register (sổ hộ tịch), kept for real (issue 26)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "motcua.civilreg"
    verbose_name = "Hộ tịch"
