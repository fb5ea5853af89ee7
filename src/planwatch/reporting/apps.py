from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "planwatch.reporting"
    verbose_name = "报送"
