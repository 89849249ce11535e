from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "jianpin.regions"
    verbose_name = "行政区划"
