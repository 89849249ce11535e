"""`jianpin import FILE [--dry-run] [--layout national|monitoring|template] [--year Y] [--json]
[--user U] [--roster] [--warn-held | --no-warn-held]`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jianpin.accounts.models import User
from jianpin.kernel.errors import DomainError
from jianpin.registry.import_actions import NORMAL, ROSTER
from jianpin.registry.io import service
from jianpin.registry.io.held import shown
from jianpin.registry.io.layouts import LAYOUTS

PHASES = {"read": "读取", "commit": "写入"}


class Command(BaseCommand):
    help = "从 Excel/CSV 导入农户和家庭成员（先检查，无错误才整体写入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--layout", choices=list(LAYOUTS), default=None)
        parser.add_argument("--year", type=int, default=None,
                            help="收入年度（表中无“年度”列时使用，默认上一年）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        parser.add_argument("--user", default=None, help="以该用户的身份和管辖区域导入")
        parser.add_argument("--quiet", action="store_true", help="不显示进度")
        parser.add_argument("--roster", action="store_true",
                            help="按国家系统名单导入：可更改户类型、监测对象类型等（仅县级管理人员，"
                                 "须同时给出 --user）")
        parser.add_argument("--warn-held", action=argparse.BooleanOptionalAction, default=None,
                            help="未应用的户类型、监测对象类型、风险类型、风险消除差异在监测预警中"
                                 "开启预警（默认：用户有处理预警的权限时开启；--no-warn-held 关闭）")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        user = _user(opts["user"])
        show = not opts["quiet"] and sys.stderr.isatty()
        try:
            out = service.run(path, user=user, layout=opts["layout"], year=opts["year"],
                              dry_run=opts["dry_run"], progress=_progress if show else None,
                              options=service.Options(mode=ROSTER if opts["roster"] else NORMAL,
                                                      warn_held=opts["warn_held"]))
        except DomainError as exc:
            if opts["json"]:
                self.stdout.write(json.dumps({"file": path.name, "error": {
                    "code": exc.code, "message": exc.message}}, ensure_ascii=False))
                sys.exit(2)
            raise CommandError(f"{exc.message}（{exc.code}）") from None
        if show:
            sys.stderr.write("\n")
        if opts["json"]:
            self.stdout.write(json.dumps(out.contract(), ensure_ascii=False))
        else:
            self.stdout.write(out.summary())
            for err in out.errors[:20]:
                self.stdout.write(f"  {err['sheet']} 第{err['row']}行 {err['column']}："
                                  f"{err['message']}（{err['code']}）")
            for note in out.notes:
                self.stdout.write(f"  注意：{note}")
            for held in shown(out.held[:20]):
                self.stdout.write(f"  未应用：户编号 {held['number']} {held['label']} "
                                  f"{held['stored_text']} → {held['file_text']}（仅名单导入可更改）")
            for conflict in out.conflicts[:20]:
                self.stdout.write(f"  未导入：{conflict['message']}")
        if out.errors:
            sys.exit(1)


def _user(username: str | None) -> User | None:
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"没有用户 {username}") from None


def _progress(phase: str, done: int, total: int) -> None:
    label = PHASES.get(phase, phase)
    if total:
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    else:
        sys.stderr.write(f"\r{label} {done} 行")
    sys.stderr.flush()
