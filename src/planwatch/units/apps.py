from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "planwatch.units"
    verbose_name = "责任单位"
