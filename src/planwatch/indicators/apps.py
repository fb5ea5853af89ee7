from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "planwatch.indicators"
    verbose_name = "指标"
