from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jianpin.web"
    verbose_name = "界面"
