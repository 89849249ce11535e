from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "jianpin.assistance"
    verbose_name = "帮扶"
