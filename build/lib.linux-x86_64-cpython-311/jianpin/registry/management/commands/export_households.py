"""`jianpin export --area CODE [--layout national|monitoring|template] [--format xlsx|csv|jsonl]
[--year Y] [-o FILE|-] [--user NAME]`: the export page's content and masking, for scripts.
`-o -` writes the file to standard output (the summary goes to standard error); a county's
short code (441424) is taken as its 12-digit division code (441424000000)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jianpin.accounts.models import Role, User
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.io.layouts import LAYOUTS, NATIONAL


class Command(BaseCommand):
    help = "导出某区域的农户和家庭成员（与页面导出相同的内容和脱敏规则）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True,
                            help="区划代码（县、乡镇或行政村；县可写 6 位，如 441424）")
        parser.add_argument("--layout", choices=list(LAYOUTS), default=NATIONAL)
        parser.add_argument("--format", choices=("xlsx", "csv", "jsonl"), default="xlsx")
        parser.add_argument("--year", type=int, default=None, help="收入年度（默认上一年）")
        parser.add_argument("-o", "--output", default=None,
                            help="输出文件（默认按内容命名；- 为标准输出）")
        parser.add_argument("--user", default=None,
                            help="以该用户的权限和脱敏规则导出（默认该区域所在县的一名县级业务人员）")
        parser.add_argument("--unmasked", action="store_true",
                            help="导出完整号码（仅限有查看权限的用户，导出将被审计）")

    def handle(self, *args: Any, **opts: Any) -> None:
        area = _area(opts["area"])
        user = _user(opts["user"], area)
        req = ExportRequest(layout=opts["layout"], fmt=opts["format"], year=opts["year"],
                            unmasked=opts["unmasked"], filters=(("area", area),))
        try:
            name, data, count = do_export(user, req)
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from None
        if opts["output"] == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            self.stderr.write(f"已导出 {count} 条记录（{user.username}）")
            return
        path = Path(opts["output"] or name)
        path.write_bytes(data)
        self.stdout.write(f"已导出 {count} 条记录到 {path}（{user.username}）")


def _area(code: str) -> str:
    """The division code as stored: 12 digits; a shorter all-digit prefix is padded."""
    code = code.strip()
    if code.isdigit() and len(code) in (2, 4, 6, 9):
        return code.ljust(12, "0")
    return code


def _user(name: str | None, area: str) -> User:
    if name:
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise CommandError(f"找不到用户：{name}")
        return user
    region = Region.objects.filter(code=area).first()
    if region is None:
        raise CommandError(f"找不到区划：{area}")
    codes = [region.code]
    parent = region.parent
    while parent is not None:
        codes.append(parent.code)
        parent = parent.parent
    user = User.objects.filter(role=Role.COUNTY_OFFICER, region_id__in=codes, is_active=True) \
        .order_by("id").first()
    if user is None:
        raise CommandError("该区域所在县没有县级业务人员账号，请用 --user 指定导出人")
    return user
