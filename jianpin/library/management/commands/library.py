"""`jianpin library ingest PATH... [--json]`, `jianpin library search QUERY [--json]`,
`jianpin library refold [--json] [--resegment]` and `jianpin library keywords [--json]`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jianpin.kernel.errors import DomainError
from jianpin.library.actions import (
    INGEST_BATCH,
    SystemActor,
    do_ingest_many,
    do_refold,
    do_rekeyword,
)
from jianpin.library.search import SearchParams, search
from jianpin.library.text.readers import EXTENSIONS


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS)
        elif path.exists():
            out.append(path)
        else:
            raise CommandError(f"文件不存在：{raw}")
    return out


class Command(BaseCommand):
    help = "政策文献库：导入文件（ingest）或检索（search）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        ingest = sub.add_parser("ingest", help="导入 .txt/.html/.docx/.pdf 文件或目录")
        ingest.add_argument("paths", nargs="+")
        ingest.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
        ingest.add_argument("--category", default="", help="资源类型（policy/report/book/chart/news）")
        find = sub.add_parser("search", help="全文检索")
        find.add_argument("query")
        find.add_argument("--json", action="store_true")
        find.add_argument("--limit", type=int, default=10)
        refold = sub.add_parser("refold", help="按当前的字形折叠规则重新折叠并索引已存文献")
        refold.add_argument("--json", action="store_true")
        refold.add_argument("--batch", type=int, default=200, help="每批文献数")
        refold.add_argument("--resegment", action="store_true",
                            help="重新分词并索引全部文献（分词词典变更后）")
        words = sub.add_parser("keywords", help="按当前规则和停用词表重新计算已存文献的关键词")
        words.add_argument("--json", action="store_true")
        words.add_argument("--batch", type=int, default=200, help="每批文献数")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["verb"] == "ingest":
            self.ingest(_files(opts["paths"]), opts["json"], opts["category"])
        elif opts["verb"] == "refold":
            self.refold(opts["json"], max(1, opts["batch"]), opts["resegment"])
        elif opts["verb"] == "keywords":
            changed = do_rekeyword(SystemActor(), max(1, opts["batch"]))
            self.stdout.write(json.dumps({"changed": changed}) if opts["json"]
                              else f"重新计算关键词 {changed} 篇")
        else:
            self.search(opts["query"], opts["json"], opts["limit"])

    def ingest(self, files: list[Path], as_json: bool, category: str) -> None:
        created = duplicates = failed = 0
        for start in range(0, len(files), INGEST_BATCH):
            chunk = files[start:start + INGEST_BATCH]
            results = do_ingest_many(SystemActor(), [(p.name, p.read_bytes()) for p in chunk],
                                     category)
            for path, result in zip(chunk, results, strict=True):
                if isinstance(result, DomainError):
                    failed += 1
                    self.stderr.write(f"{path}: {result.message}")
                    continue
                created += result.created
                duplicates += not result.created
                if as_json:
                    data = {"source": path.name, **result.metadata.as_json()}
                    for key in ("status", "publisher"):
                        data.pop(key)
                    self.stdout.write(json.dumps(data, ensure_ascii=False))
        summary = f"导入 {created} 篇，重复 {duplicates} 篇，失败 {failed} 篇"
        (self.stderr if as_json else self.stdout).write(summary)
        if failed:
            raise CommandError("部分文件未能导入")

    def refold(self, as_json: bool, batch: int, every: bool = False) -> None:
        result = do_refold(SystemActor(), batch, every)
        if as_json:
            self.stdout.write(json.dumps({"candidates": result.checked,
                                          "refolded": result.changed}))
        elif result.changed:
            self.stdout.write(f"重新折叠并索引 {result.changed} 篇")
        else:
            self.stdout.write("没有需要重新折叠的文献")

    def search(self, query: str, as_json: bool, limit: int) -> None:
        result = search(SearchParams(q=query, per_page=max(1, min(limit, 200))))
        if result.error:
            raise CommandError(result.error)
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(result.count_text)
        for hit in result.hits:
            self.stdout.write(f"[{hit.document.pk}] {hit.document.title}  ({hit.score:.3f})")
            self.stdout.write(f"    {hit.snippet}")
