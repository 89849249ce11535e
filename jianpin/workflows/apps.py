from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "jianpin.workflows"
    verbose_name = "业务流程"
