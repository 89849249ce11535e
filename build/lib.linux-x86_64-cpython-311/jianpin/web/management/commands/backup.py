from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianpin.ops import backup, sealed


class Command(BaseCommand):
    help = ("备份 SQLite 数据库与上传文件（含清单，权限 0600，设置 JIANPIN_BACKUP_KEY 时加密）；"
            "--verify FILE 校验备份；--new-key 生成加密密钥")

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("target", nargs="?", default="var/backups")
        parser.add_argument("--verify", metavar="FILE")
        parser.add_argument("--new-key", action="store_true")

    def handle(self, target: str, verify: str | None, new_key: bool, **opts: object) -> None:
        if new_key:
            self.stdout.write(sealed.new_key())
            return
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
        self.stdout.write(f"已备份到 {path}")
