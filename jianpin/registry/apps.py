from typing import Any

from django.apps import AppConfig

# The hooks below import inside their bodies: this module is loaded while Django builds
# its app registry, before any models may be imported.


class RegistryConfig(AppConfig):
    name = "jianpin.registry"
    verbose_name = "建档立卡"

    def ready(self) -> None:
        # Register the import job kinds in every process, the separate worker included.
        from jianpin.registry.io import jobs  # noqa: F401

    def audit_values(self) -> dict[tuple[str, str], Any]:
        """The coded lists (risk types, other causes: JSON lists of national codes, no choices
        of their own) shown item by item in the reader's language, as coded fields are."""
        from jianpin.registry import codes

        def shown(choices: Any) -> Any:
            labels = dict(choices)
            return lambda raw: str(labels.get(raw, raw))

        return {("registry.household", "risk_types"): shown(codes.RiskType.choices),
                ("registry.household", "other_causes"): shown(codes.Cause.choices)}
