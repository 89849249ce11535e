from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jianpin.registry"
    verbose_name = "建档立卡"
