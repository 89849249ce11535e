from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "jianpin.standards"
    verbose_name = "标准与阈值"
