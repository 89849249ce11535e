"""`jianpin indicators refresh [--area CODE] [--year Y]` and
`jianpin indicators show --area CODE --year Y [--json]`."""
from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jianpin.indicators.actions import do_refresh
from jianpin.indicators.compute import ENGINES
from jianpin.indicators.queries import area_values
from jianpin.regions.models import Region
from jianpin.rules.errors import RuleError


class Command(BaseCommand):
    help = "刷新或查看指标快照"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh", "show"])
        parser.add_argument("--area", default=None, help="区划代码（省略为全部）")
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1,
                            help="年度（默认上一年）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（show）")
        parser.add_argument("--engine", choices=ENGINES, default=None,
                            help="计算引擎：数据库或 DuckDB（默认 settings.INDICATORS_ENGINE）")

    def handle(self, *args: Any, **opts: Any) -> None:
        area, year = opts["area"], opts["year"]
        if area and not Region.objects.filter(code=area).exists():
            raise CommandError(f"区划代码不存在：{area}")
        if opts["action"] == "refresh":
            try:
                count = do_refresh(None, year, area, opts["engine"])
            except RuleError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"指标快照已刷新：{year} 年，{area or '全部区域'}，{count:,} 个指标值")
            return
        if not area:
            raise CommandError("请用 --area 指定区划代码")
        rows, as_of = area_values(Region.objects.get(code=area), year)
        data = {"area": area, "year": year, "as_of": as_of.isoformat() if as_of else None,
                "indicators": [{"code": r.code, "name": r.name, "unit": r.unit,
                                "value": _num(r.value), "numerator": _num(r.numerator),
                                "denominator": _num(r.denominator)} for r in rows]}
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for r in rows:
            self.stdout.write(f"{r.name}\t{'' if r.value is None else r.value}{r.unit}")


def _num(x: Any) -> float | None:
    return None if x is None else float(x)
