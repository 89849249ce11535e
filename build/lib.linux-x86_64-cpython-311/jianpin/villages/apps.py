from __future__ import annotations

from django.apps import AppConfig


class VillagesConfig(AppConfig):
    name = "jianpin.villages"
    verbose_name = "村级档案"
