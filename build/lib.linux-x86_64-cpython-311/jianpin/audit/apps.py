from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jianpin.audit"
    verbose_name = "审计"
