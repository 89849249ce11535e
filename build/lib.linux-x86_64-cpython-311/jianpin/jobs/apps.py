from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jianpin.jobs"
    verbose_name = "后台任务"
