from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "jianpin.library"
    verbose_name = "政策文献库"
