from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianpin.ops import backup


class Command(BaseCommand):
    help = "用经过校验的备份替换当前 SQLite 数据库和上传文件（网页服务和后台任务须先停止）"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("file")

    def handle(self, file: str, **opts: object) -> None:
        try:
            target = backup.restore(Path(file))
        except (RuntimeError, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已恢复到 {target}")
