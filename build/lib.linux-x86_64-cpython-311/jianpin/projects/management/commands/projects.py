"""`jianpin projects report funds --area CODE --year Y [--json]` and
`jianpin projects import FILE [--dry-run] [--json]`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jianpin.accounts.models import Role, User
from jianpin.kernel.errors import DomainError
from jianpin.projects.funds import as_json, funds_report
from jianpin.projects.io.apply import run_import
from jianpin.projects.io.export import export
from jianpin.projects.io.layouts import LAYOUTS
from jianpin.projects.io.read import read_sheet
from jianpin.regions.models import Region


def _user(name: str | None) -> User:
    qs = User.objects.filter(is_active=True)
    user = qs.filter(username=name).first() if name else \
        qs.filter(role=Role.ADMIN).order_by("id").first()
    if user is None:
        raise CommandError(f"用户不存在或已停用：{name}" if name else
                           "没有可用的系统管理员，请用 --user 指定")
    return user


def _pct(value: str | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.2f}%"


class Command(BaseCommand):
    help = "项目库：资金支出进度报表（report funds）、表格导入（import）和导出（export）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        report = sub.add_parser("report", help="报表")
        report.add_argument("kind", choices=("funds",), help="funds：资金支出进度")
        report.add_argument("--area", required=True, help="区划代码")
        report.add_argument("--year", required=True, type=int, help="资金年度")
        report.add_argument("--json", action="store_true", help="以 JSON 输出")
        self.add_import(sub)

    def add_import(self, sub: Any) -> None:
        imp = sub.add_parser("import", help="导入项目库、年度计划、资金下达或资产台账（全部成功才写入）")
        imp.add_argument("file", help="Excel（.xlsx/.xls）或 CSV 文件")
        imp.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        imp.add_argument("--user", default=None, help="以该用户的权限导入（默认第一位系统管理员）")
        exp = sub.add_parser("export", help="导出为导入所用的表格格式")
        exp.add_argument("kind", choices=sorted(LAYOUTS), help="library|plan|allocations|assets")
        exp.add_argument("--area", required=True, help="区划代码")
        exp.add_argument("--year", type=int, default=None, help="年度（年度计划、资金下达）")
        exp.add_argument("-o", "--output", required=True, help="输出文件 .xlsx")
        exp.add_argument("--user", default=None, help="以该用户的权限导出（默认第一位系统管理员）")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["what"] == "report":
            self.report(opts)
        elif opts["what"] == "import":
            self.do_import(opts)
        else:
            self.do_export(opts)

    def do_import(self, opts: dict[str, Any]) -> None:
        user = _user(opts["user"])
        try:
            sheet = read_sheet(Path(opts["file"]))
        except DomainError as exc:
            raise CommandError(f"{exc.message}（{exc.code}）") from None
        result = run_import(user, sheet, dry_run=opts["dry_run"])
        if opts["json"]:
            self.stdout.write(json.dumps({
                "kind": result.kind, "rows": result.rows, "written": result.written,
                "dry_run": result.dry_run,
                "errors": [{"row": e.row, "message": e.message} for e in result.errors]},
                ensure_ascii=False))
        else:
            for e in result.errors:
                self.stdout.write(f"第{e.row}行：{e.message}")
            verb = "可导入" if result.dry_run else "已导入"
            self.stdout.write(f"{sheet.layout.sheet}：共 {result.rows} 行，" + (
                f"{len(result.errors)} 行有误，未写入任何数据" if result.errors else
                f"{verb} {result.rows} 行"))
        if result.errors:
            raise SystemExit(1)

    def do_export(self, opts: dict[str, Any]) -> None:
        user = _user(opts["user"])
        region = Region.objects.filter(code=opts["area"]).first()
        if region is None:
            raise CommandError(f"区划代码不存在：{opts['area']}")
        Path(opts["output"]).write_bytes(export(user, opts["kind"], region, opts["year"]))
        self.stdout.write(f"已导出 {opts['output']}")

    def report(self, opts: dict[str, Any]) -> None:
        region = Region.objects.filter(code=opts["area"]).first()
        if region is None:
            raise CommandError(f"区划代码不存在：{opts['area']}")
        data = as_json(funds_report(region, opts["year"]))
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{region.name} {data['year']}年度：下达安排 {data['allocated']} 元，"
                          f"已支出 {data['disbursed']} 元，支出进度 {_pct(data['execution_rate'])}")
        for row in data["by_source"]:
            self.stdout.write(f"  {row['source']}: {row['allocated']} / {row['disbursed']} "
                              f"({_pct(row['execution_rate'])})")
