from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "planwatch.api"
    verbose_name = "JSON 接口"
