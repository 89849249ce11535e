from django.apps import AppConfig

# The hooks below import inside their bodies: this module is loaded while Django builds
# its app registry, before any models may be imported.


class RegistryConfig(AppConfig):
    name = "jianpin.registry"
    verbose_name = "建档立卡"

    def ready(self) -> None:
        # Register the import job kinds in every process, the separate worker included.
        from jianpin.registry.io import jobs  # noqa: F401
