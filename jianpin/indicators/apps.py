from __future__ import annotations

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "jianpin.indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from jianpin.indicators import jobs, reports  # noqa: F401  (registers the job kinds)
