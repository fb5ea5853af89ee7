from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "planwatch.index"
    label = "devindex"  # "index" would read as a page name in URLs and the admin
    verbose_name = "统计评价体系"

    def ready(self) -> None:
        from planwatch.audit.models import EXTRA_LABELS

        EXTRA_LABELS["index.version"] = "保存评价指数新版本"  # the audit log reads it in Chinese
