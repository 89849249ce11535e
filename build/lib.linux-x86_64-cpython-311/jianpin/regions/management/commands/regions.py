from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianpin.regions import loader


class Command(BaseCommand):
    help = "行政区划：load FILE 导入区划 CSV（code,name,level,parent_code，可为 .gz）；load-core 导入内置区划"

    def add_arguments(self, parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("verb", choices=["load", "load-core"])
        parser.add_argument("file", nargs="?")

    def handle(self, verb: str, file: str | None, **opts: object) -> None:
        start = time.monotonic()
        def show(n: int) -> None:
            self.stderr.write(f"\r已导入 {n:,} 条", ending="")

        try:
            if verb == "load":
                if not file:
                    raise CommandError("请指定区划文件")
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"文件不存在：{file}")
                count = loader.load(path, show)
            else:
                count = loader.load_core(show)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write("")
        self.stdout.write(f"导入区划 {count:,} 条，用时 {time.monotonic() - start:.1f} 秒")
