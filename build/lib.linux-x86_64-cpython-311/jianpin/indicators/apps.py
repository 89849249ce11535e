from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "jianpin.indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from jianpin.indicators import jobs, report_schedule, reports  # noqa: F401  (job kinds)

    def demo_refresh(self, out: Any) -> None:
        """After every app's demo data exists: the demo county's indicators for its last year,
        so the dashboard opens with figures."""
        from jianpin.indicators.actions import do_refresh
        from jianpin.registry.demo import COUNTY
        from jianpin.registry.synth.frame import YEARS

        count = do_refresh(None, YEARS[1], COUNTY)
        out.write(f"指标：已刷新 {YEARS[1]} 年五华县指标快照，{count:,} 个指标值")
