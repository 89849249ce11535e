from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jianpin.accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from jianpin.accounts import middleware  # noqa: F401 — stamps sessions at login
