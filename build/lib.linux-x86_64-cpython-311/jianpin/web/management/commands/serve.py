from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jianpin.ops import files, inuse
from jianpin.ops.serve import default_workers, gunicorn_argv


class Command(BaseCommand):
    help = "启动网页服务（gunicorn）；--dev 使用 Django 开发服务器"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--dev", action="store_true", help="Django 开发服务器（单进程，仅本机调试）")
        parser.add_argument("--workers", type=int, default=None, help="gunicorn 进程数")
        parser.add_argument("--timeout", type=int, default=120, help="单个请求的最长秒数")
        parser.add_argument("--no-migrate", action="store_true", help="启动前不执行数据库迁移")

    def handle(self, addrport: str, dev: bool, workers: int | None, timeout: int,
               no_migrate: bool, **opts: object) -> None:
        inuse.hold()  # `restore` refuses while this process runs (gunicorn's workers hold it too)
        if not no_migrate:
            call_command("migrate", verbosity=0)
        files.secure_data_dir()
        self.stdout.write(f"jianpin 已启动：http://{addrport}/  （Ctrl+C 停止）")
        if dev:
            call_command("runserver", addrport, use_reloader=False)
            return
        argv = gunicorn_argv(addrport, workers=workers or default_workers(), timeout=timeout)
        self.stdout.flush()
        os.execv(argv[0], argv)  # gunicorn takes over this process (signals, exit code)
