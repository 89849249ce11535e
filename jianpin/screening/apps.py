from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "jianpin.screening"
    verbose_name = "监测预警"

    def ready(self) -> None:
        from jianpin.screening import jobs  # noqa: F401  (registers the job kind)

    def household_block(self, request: Any, hh: Any) -> str:
        """The household page's section: which rules hit and why."""
        from django.template.loader import render_to_string

        from jianpin.screening.queries import hits_for_household

        return render_to_string("screening/_household_hits.html", {
            "screening_hits": hits_for_household(request.user, hh)}, request=request)
