from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "motcua.workcal"
    label = "workcal"
    verbose_name = "Lịch làm việc"
