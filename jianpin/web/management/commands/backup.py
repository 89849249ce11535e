from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianpin.ops import backup


class Command(BaseCommand):
    help = "备份 SQLite 数据库（含行数与校验和清单）；--verify FILE 校验备份"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("target", nargs="?", default="var/backups")
        parser.add_argument("--verify", metavar="FILE")

    def handle(self, target: str, verify: str | None, **opts: object) -> None:
        try:
            if verify:
                problems = backup.verify(Path(verify))
                if problems:
                    raise CommandError("校验失败：" + "；".join(problems))
                self.stdout.write(f"校验通过：{verify}")
                return
            path = backup.backup(Path(target))
        except (RuntimeError, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已备份到 {path}（清单 {path.with_suffix('.json').name}）")
