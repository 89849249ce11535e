from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "jianpin.screening"
    verbose_name = "监测预警"

    def ready(self) -> None:
        from jianpin.screening import jobs  # noqa: F401  (registers the job kind)
