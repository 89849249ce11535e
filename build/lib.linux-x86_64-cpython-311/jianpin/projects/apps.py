from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "jianpin.projects"
    verbose_name = _("项目库")

    def audit_labels(self) -> dict[str, Any]:
        """The audit codes of the project machine's transitions, labelled by the machine."""
        from jianpin.audit.labels import machine_labels
        from jianpin.projects.machine import MACHINE

        return machine_labels(MACHINE.app, MACHINE)

    def household_block(self, request: Any, hh: Any) -> str:
        """The household page's section: projects the household benefits from (in the area)."""
        from django.template.loader import render_to_string

        from jianpin.accounts.policy import Cap, can
        from jianpin.projects import benefits, queries

        if not can(request.user, Cap.READ_PROJECTS):
            return ""
        rows = list(queries.projects_for_user(request.user).filter(beneficiaries=hh)[:20])
        incomes = benefits.incomes_of(hh)
        if not rows and not incomes:
            return ""
        pending = can(request.user, Cap.WRITE_REGISTRY) and bool(benefits.pending_years(hh))
        return render_to_string("projects/_household_block.html",
                                {"rows": rows, "incomes": incomes, "hh": hh,
                                 "pending": pending}, request=request)

    def demo_setup(self, out: Any) -> None:
        """The demo county's project library, funds and assets (jianpin.projects.demo)."""
        from jianpin.projects.demo import setup

        setup(out)
