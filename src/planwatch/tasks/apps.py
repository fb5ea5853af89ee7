from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "planwatch.tasks"
    verbose_name = "具体任务与政策措施"
