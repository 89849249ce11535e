from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jianpin.ops import files, inuse


class Command(BaseCommand):
    help = "启动网页服务（开发/单机模式）"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, addrport: str, **opts: object) -> None:
        inuse.hold()  # `restore` refuses while this process runs
        call_command("migrate", verbosity=0)
        files.secure_data_dir()
        self.stdout.write(f"jianpin 已启动：http://{addrport}/  （Ctrl+C 停止）")
        call_command("runserver", addrport, use_reloader=False)
