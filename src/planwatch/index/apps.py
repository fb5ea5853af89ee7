from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "planwatch.index"
    label = "devindex"  # "index" would read as a page name in URLs and the admin
    verbose_name = "统计评价体系"
