from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "jianpin.screening"
    verbose_name = "监测预警"
