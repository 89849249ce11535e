"""`jianpin projects report funds --area CODE --year Y [--json]` and
`jianpin projects import FILE [--dry-run] [--json]`."""
from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jianpin.projects.funds import as_json, funds_report
from jianpin.regions.models import Region


def _pct(value: str | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.2f}%"


class Command(BaseCommand):
    help = "项目库：资金支出进度报表（report funds）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        report = sub.add_parser("report", help="报表")
        report.add_argument("kind", choices=("funds",), help="funds：资金支出进度")
        report.add_argument("--area", required=True, help="区划代码")
        report.add_argument("--year", required=True, type=int, help="资金年度")
        report.add_argument("--json", action="store_true", help="以 JSON 输出")
        self.add_import(sub)

    def add_import(self, sub: Any) -> None:
        """The import subcommand (jianpin.projects.io), when it is installed."""

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["what"] == "report":
            self.report(opts)

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
