from __future__ import annotations

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "jianpin.projects"
    verbose_name = "项目库"
