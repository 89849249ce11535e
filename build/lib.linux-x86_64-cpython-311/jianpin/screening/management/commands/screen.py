"""`jianpin screen --rules SET --year Y [--area CODE] [--engine E] [--json]`.

Spark: `jianpin screen --engine spark --master spark://HOST:7077 [--conf k=v ...]
[--spark-submit] [--storage URL]` (defaults from the JIANPIN_SPARK_* settings).
"""
from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jianpin.kernel.errors import DomainError
from jianpin.screening.actions import execute_queued, run_now
from jianpin.screening.engines import ENGINES
from jianpin.screening.engines.spark_run import SparkOptions
from jianpin.screening.service import spark_options


class Command(BaseCommand):
    help = "按规则集筛查农户，生成预警（监测对象、风险类型、红线排除、就绪与数据质量）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rules", default=None,
                            help="规则集编码，逗号分隔；省略时使用默认规则集 default")
        parser.add_argument("--year", type=int, default=None, help="筛查年度")
        parser.add_argument("--area", default=None, help="区划代码（省略为全部）")
        parser.add_argument("--engine", choices=ENGINES, default=None,
                            help="筛查引擎，默认为当前数据库的库内引擎")
        parser.add_argument("--json", action="store_true",
                            help="以 JSON 输出全部命中（总是完整筛查）")
        parser.add_argument("--run", type=int, default=None,
                            help="执行一个已排队的筛查批次（后台任务在子进程中使用）")
        parser.add_argument("--full", action="store_true",
                            help="完整筛查全部农户（默认只重新筛查上次以来数据有变化的农户）")
        parser.add_argument("--master", default=None,
                            help="Spark 主节点地址，如 spark://HOST:7077（仅 spark 引擎）")
        parser.add_argument("--conf", action="append", default=[], metavar="K=V",
                            help="Spark 配置项，可重复（仅 spark 引擎）")
        parser.add_argument("--spark-submit", action="store_true", default=None,
                            help="通过 spark-submit 子进程运行 Spark 作业（仅 spark 引擎）")
        parser.add_argument("--storage", default=None,
                            help="Spark 交换数据的存储位置（任意 Hadoop 文件系统 URL）")

    def handle(self, *args: Any, **opts: Any) -> None:
        spark = self._spark(opts)
        if opts["run"] is not None:
            run = execute_queued(opts["run"], spark)
            self.stdout.write(f"筛查批次 {run.pk} 完成：{run.households_screened} 户，"
                              f"命中 {run.hits} 条（新增预警 {run.new_warnings}）")
            return
        if opts["year"] is None:
            raise CommandError("请用 --year 指定筛查年度")
        if opts["json"] and opts["engine"] == "spark":
            raise CommandError("spark 引擎的命中留在集群存储中，不能用 --json 全部输出")
        try:
            run, result = run_now(rule_set=opts["rules"], year=opts["year"],
                                  area_code=opts["area"], engine=opts["engine"],
                                  full=opts["full"] or opts["json"], spark=spark)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        run.refresh_from_db()
        again = ("" if result.rescreened is None
                 else f"，其中数据有变化重新筛查 {len(result.rescreened)} 户")
        self.stdout.write(
            f"筛查完成：{result.households_screened} 户，{len(result.rules)} 条规则，"
            f"命中 {run.hits} 条（新增预警 {run.new_warnings}），"
            f"引擎 {result.engine}，用时 {result.seconds:.2f} 秒{again}")

    @staticmethod
    def _spark(opts: dict[str, Any]) -> SparkOptions:
        conf = {}
        for pair in opts["conf"]:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                raise CommandError(f"Spark 配置项应写作 K=V：{pair}")
            conf[key.strip()] = value
        return spark_options(opts["master"], conf, opts["spark_submit"], opts["storage"])
