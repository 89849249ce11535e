from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.http import HttpRequest

    from jianpin.registry.models import Household

# The hooks below import inside their bodies: this module is loaded while Django builds
# its app registry, before any models may be imported.


class AssistanceConfig(AppConfig):
    name = "jianpin.assistance"
    verbose_name = "帮扶"

    def ready(self) -> None:
        from jianpin.assistance import jobs  # noqa: F401  (registers the job kind)

    def demo_setup(self, out: Any) -> None:
        """Demo helpers, plans and visits for the demo county's first village."""
        from jianpin.assistance.demo import setup

        setup(out)

    def household_block(self, request: HttpRequest, hh: Household) -> str:
        """The household page's section: helpers, measures and the last visit."""
        from django.template.loader import render_to_string

        from jianpin.accounts.policy import Cap, can
        from jianpin.assistance import queries

        if not can(request.user, Cap.READ_REGISTRY):
            return ""
        summary = queries.summary_of(hh)
        return render_to_string("assistance/_household_block.html", {
            "hh": hh, "pairings": [p for p in queries.pairings_of(hh) if p.until is None],
            "measures": summary.measures, "last_visit": summary.last_visit,
        }, request=request)
