from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jianpin.accounts"
    verbose_name = "账户"
