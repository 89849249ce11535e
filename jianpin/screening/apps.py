from __future__ import annotations

from typing import Any

from django.apps import AppConfig

# The hooks below import inside their bodies: this module is loaded while Django builds
# its app registry, before any models may be imported.


class ScreeningConfig(AppConfig):
    name = "jianpin.screening"
    verbose_name = "监测预警"

    def ready(self) -> None:
        from jianpin.screening import jobs  # noqa: F401  (registers the job kind)

    def household_bulk_writes(self) -> Any:
        """A bulk registry writer's households, marked changed at once (`registry.bulkwrites`,
        `changes.bulk_registry_writes`)."""
        from jianpin.screening.changes import bulk_registry_writes

        return bulk_registry_writes()

    def import_held_warnings(self, actor: Any, held: Any, **kw: Any) -> dict[str, int]:
        """An import's held differences as warnings in the inbox, opened, refreshed, reopened
        or closed (see `import_held`, `import_held_store`)."""
        from jianpin.screening.import_held_store import sync

        return sync(actor, held, **kw)

    def household_decision(self, actor: Any, households: Any, *, note: str) -> dict[str, int]:
        """A workflow decision's households: the import warnings it brings in line closed,
        the others shown with jianpin's new values (see `import_held_decisions`)."""
        from jianpin.screening.import_held_decisions import decided

        return decided(actor, households, note=note)

    def household_edited(self, actor: Any, households: Any, *, note: str) -> dict[str, int]:
        """An edit through the registry's write layer: the import warnings it brings in line
        closed, the others shown with jianpin's new values (see `import_held_decisions`)."""
        from jianpin.screening.import_held_decisions import edited

        return edited(actor, households, note=note)

    def audit_values(self) -> dict[tuple[str, str], Any]:
        """A warning's stored values in the reader's language in the change log and the
        audit log: the reason the system wrote (an agreeing import, a decision, an edit) and
        the explanation (see `display`)."""
        from jianpin.screening.display import reasons, triage_reason

        return {("screening.warning", "reason"): triage_reason,
                ("screening.warning", "explanation"): lambda raw: reasons(raw)
                if isinstance(raw, dict) else str(raw)}

    def demo_setup(self, out: Any) -> None:
        """Screen the demo county for 2025 with the default rule set, filling the inboxes; the
        demo department account (the county medical-insurance bureau) uploads medical data."""
        from jianpin.accounts.models import Role, User
        from jianpin.screening.actions import run_now
        from jianpin.screening.dept_grants import do_set_dept_kinds
        from jianpin.screening.models import ScreeningRun

        for user in User.objects.filter(username="bumen", role=Role.DEPT_PROVIDER):
            do_set_dept_kinds(None, user, ["medical"])

        if ScreeningRun.objects.exists():
            return
        _, result = run_now(rule_set=None, year=2025, area_code="441424000000", engine=None)
        out.write(f"监测预警：筛查 {result.households_screened:,} 户，命中 {len(result.hits):,} 条")

    def household_block(self, request: Any, hh: Any) -> str:
        """The household page's section: which rules hit and why."""
        from django.template.loader import render_to_string

        from jianpin.screening.queries import hits_for_household

        return render_to_string("screening/_household_hits.html", {
            "screening_hits": hits_for_household(request.user, hh)}, request=request)
