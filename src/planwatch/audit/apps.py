from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "planwatch.audit"
    verbose_name = "审计"
