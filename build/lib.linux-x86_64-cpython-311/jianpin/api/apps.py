from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jianpin.api"
    verbose_name = "接口"
