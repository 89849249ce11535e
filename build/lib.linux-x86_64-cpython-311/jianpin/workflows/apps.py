from __future__ import annotations

from typing import Any

from django.apps import AppConfig

# The hooks below import inside their bodies: this module is loaded while Django builds
# its app registry, before any models may be imported.


class WorkflowsConfig(AppConfig):
    name = "jianpin.workflows"
    verbose_name = "业务流程"

    def demo_setup(self, out: Any) -> None:
        """Demo cases at different steps for the demo county's first village."""
        from jianpin.workflows.demo import setup

        setup(out)

    def audit_labels(self) -> dict[str, Any]:
        """The audit codes of the machines' transitions, labelled by the machines."""
        from jianpin.audit.labels import machine_labels
        from jianpin.workflows.machines.registry import ALL

        return {code: label for m in ALL.values()
                for code, label in machine_labels(m.app, m).items()}

    def household_block(self, request: Any, hh: Any) -> str:
        """The household page's section listing its cases, with links to open new ones."""
        from django.template.loader import render_to_string

        from jianpin.accounts.policy import Cap, can
        from jianpin.workflows.views.cases import household_cases

        if not can(request.user, Cap.READ_REGISTRY):
            return ""
        return render_to_string("workflows/_household_block.html", {
            "hh": hh, "cases": household_cases(request.user, hh),
            "can_open": can(request.user, Cap.HANDLE_CASE)}, request=request)
