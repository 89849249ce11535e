from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jianpin.registry"
    verbose_name = "建档立卡"

    def ready(self) -> None:
        # Register the import job kinds in every process, the separate worker included.
        from jianpin.registry.io import jobs  # noqa: F401
