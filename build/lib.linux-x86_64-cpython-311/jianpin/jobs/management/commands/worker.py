from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from jianpin.jobs.runner import run_pending
from jianpin.ops import files, inuse


class Command(BaseCommand):
    help = "运行后台任务（导入、筛查等）；--once 运行完当前队列后退出"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=2.0)

    def handle(self, once: bool, interval: float, **opts: object) -> None:
        inuse.hold()  # `restore` refuses while this process runs
        files.secure_data_dir()
        if not once:
            self.stdout.write("后台任务进程已启动", ending="\n")
            self.stdout.flush()
        while True:
            done = run_pending()
            if done:
                self.stdout.write(f"已运行 {done} 个任务")
            if once:
                return
            time.sleep(interval)
