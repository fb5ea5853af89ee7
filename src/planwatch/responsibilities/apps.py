from django.apps import AppConfig


class ResponsibilitiesConfig(AppConfig):
    name = "planwatch.responsibilities"
    verbose_name = "责任分解"
