"""Policy library benchmark: index generated documents, time common queries against LIKE.

    python bench/library.py [--docs 100000] [--db FILE] [--reps 15]

Builds (or reuses, with --db) a SQLite database of generated Chinese policy documents, reports
indexing throughput (jieba segmentation + rows + FTS5 / tsvector), then p50/p95 latency of the
library's search function (ranked top 20 + total count) for common queries, and of a LIKE scan
over the same documents in the same run. Set DATABASE_URL to run against PostgreSQL instead.
"""
from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = [
    "做好防止返贫动态监测和帮扶工作", "推进易地扶贫搬迁后续扶持", "巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
    "加强驻村工作队选派管理", "实施产业扶贫项目", "落实两不愁三保障政策", "开展建档立卡动态调整",
    "发展壮大村级集体经济", "推进消费扶贫", "加强扶贫项目资金管理", "健全农村低收入人口常态化帮扶机制",
    "做好脱贫人口稳岗就业", "推进农村人居环境整治", "实施雨露计划职业教育补助", "加强扶贫资产管理",
]
TYPES = [("通知", "policy"), ("意见", "policy"), ("方案", "policy"), ("办法", "policy"),
         ("规划", "policy"), ("报告", "report"), ("新闻", "news")]
SENTENCES = [
    "坚持精准扶贫精准脱贫基本方略，坚持党政一把手负总责的工作责任制。",
    "对脱贫不稳定户、边缘易致贫户和突发严重困难户开展常态化监测，做到早发现、早干预、早帮扶。",
    "持续巩固义务教育、基本医疗、住房安全和饮水安全保障成果，确保不出现规模性返贫。",
    "统筹用好乡村公益岗位，优先安置弱劳动力、半劳动力等就业困难脱贫群众。",
    "加大易地扶贫搬迁后续扶持力度，确保搬迁群众稳得住、有就业、逐步能致富。",
    "完善利益联结机制，引导龙头企业、农民专业合作社带动脱贫户发展特色产业。",
    "严格落实四个不摘要求，保持主要帮扶政策总体稳定。",
    "驻村工作队和第一书记要履职尽责，定期走访监测对象，落实帮扶措施。",
    "规范扶贫项目资产管理，明确产权归属和管护责任，确保资产持续发挥效益。",
    "深化东西部协作和定点帮扶，推动产业合作、劳务协作和消费帮扶。",
    "加强农村低保、特困供养与防止返贫帮扶政策衔接，做到应保尽保、应兜尽兜。",
    "开展控辍保学，确保义务教育阶段适龄儿童少年不因贫失学辍学。",
    "落实扶贫小额信贷政策，满足脱贫户发展生产的资金需求。",
    "推进农村厕所革命和生活垃圾治理，改善农村人居环境。",
    "建立健全考核评估机制，把巩固拓展脱贫攻坚成果纳入实绩考核。",
]
TARGETS = [("农村居民人均可支配收入", "元", (9000, 20000)), ("监测对象风险消除率", "%", (50, 95)),
           ("脱贫人口务工就业规模", "万人", (5, 80)), ("村级集体经济收入", "万元", (5, 50)),
           ("农村卫生厕所普及率", "%", (60, 98))]
QUERIES = [
    ("精准扶贫", {}), ("易地扶贫搬迁", {}), ("两不愁三保障", {}), ("防止返贫", {}),
    ("驻村工作队 第一书记", {}), ("乡村振兴 OR 东西部协作", {}), ("title:方案", {}),
    ("扶贫小额信贷 NOT 新闻", {}), ("集体经济", {"year": 2021}), ("产业扶贫", {"doc_type": "通知"}),
    # Broad terms (in most documents) and the research-database facets: type tab, subject, author.
    ("扶贫", {}), ("脱贫", {}), ("帮扶", {"category": "report"}), ("搬迁", {"subject": "relocation"}),
    ("监测", {"author": "汪三贵"}),
    # The library's front page: no query, every facet over the whole library.
    ("", {}),
]
AUTHORS = ["汪三贵", "李小云", "左停", "黄承伟", "王小林", "檀学文"]


def generate(n: int, counties: list[tuple[str, str]], seed: int = 20261124):
    """Yield (title, issuer, number, date, region, doc_type, category, text) for n documents."""
    rng = random.Random(seed)
    for i in range(n):
        code, name = counties[rng.randrange(len(counties))]
        kind, category = TYPES[rng.randrange(len(TYPES))]
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(365 * 11))
        topic = TOPICS[rng.randrange(len(TOPICS))]
        issuer = f"{name}人民政府办公室" if kind != "新闻" else ""
        title = (f"{issuer}关于{topic}的{kind}" if kind != "新闻"
                 else f"{name}召开{topic}工作推进会（{i}）")
        number = f"{name[:1]}府办发〔{day.year}〕{rng.randrange(1, 120)}号" if issuer else ""
        indicator, unit, (low, high) = TARGETS[rng.randrange(len(TARGETS))]
        body = [f"为{topic}，结合{name}实际，制定本{kind}。"]
        body += rng.sample(SENTENCES, rng.randrange(5, 9))
        body.append(f"到{day.year + 2}年，{indicator}达到{rng.randrange(low, high)}{unit}左右。")
        yield title, issuer, number, day, code, kind, category, "\n".join(body)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# The document columns the benchmark gives (the others take their defaults).
COLUMNS = ("title", "issuer", "doc_number", "issued_on", "date", "year", "region_id", "doc_type",
           "category", "source_name", "text_hash", "keywords", "subjects", "authors")


def prepare(rows: list[tuple], start: int) -> list[tuple[tuple, tuple[str, str, str, str]]]:
    """Document values (COLUMNS) and segmented index fields of generated documents numbered
    from start + 1 (run in worker processes: segmentation is most of the work)."""
    from jianpin.library import indexing

    out = []
    for j, (title, issuer, number, day, code, kind, cat, text) in enumerate(rows, start=start + 1):
        subjects, fields = indexing.prepare(title, issuer, number, text)
        out.append(((title, issuer, number, day, day, day.year, code, kind, cat, f"gen-{j}.txt",
                     f"gen-{j}", "", subjects, AUTHORS[j % len(AUTHORS)] if cat == "report" else ""),
                    fields))
    return out


def _django_worker() -> None:
    import django

    django.setup()


def build(n: int, workers: int, batch: int = 1000) -> tuple[float, float, int]:
    """Insert n generated documents with their index rows; return (seconds, CPU s, characters).

    `workers` processes segment and classify while this one writes (0: all in this process).
    CPU seconds are this process's and its workers' (SQLite's work included); a PostgreSQL
    server's own work is not in them.
    """
    from concurrent.futures import Future, ProcessPoolExecutor

    from django.db import transaction

    from jianpin.library import indexing
    from jianpin.library.text import segment
    from jianpin.regions.models import Region

    counties = list(Region.objects.filter(level=3).values_list("code", "name"))
    rows = list(generate(n, counties))
    batches = [rows[i:i + batch] for i in range(0, n, batch)]
    cpu, start = os.times(), time.perf_counter()
    # The dictionaries are loaded once here: forked workers share them.
    segment.preload()
    pool = ProcessPoolExecutor(workers, initializer=_django_worker) if workers else None
    futures: list[Future | None] = ([pool.submit(prepare, b, i * batch)
                                     for i, b in enumerate(batches)] if pool
                                    else [None for _ in batches])
    done = 0
    for rows_batch, future in zip(batches, futures, strict=True):
        prepared = future.result() if future is not None else prepare(rows_batch, done)
        with transaction.atomic():
            # Plain rows (COPY / executemany), the ids read back by the unique text hash.
            indexing.store_new_documents(COLUMNS, [values for values, _ in prepared],
                                         [r[7] for r in rows_batch],
                                         [fields for _, fields in prepared])
        done += len(rows_batch)
        if done % 10000 == 0:
            print(f"  indexed {done:,} documents ({done / (time.perf_counter() - start):,.0f}/s)",
                  flush=True)
    if pool:
        pool.shutdown()
    end = os.times()
    used = sum(getattr(end, f) - getattr(cpu, f) for f in
               ("user", "system", "children_user", "children_system"))
    return time.perf_counter() - start, used, sum(len(r[7]) for r in rows)


def like_search(q: str, filters: dict) -> int:
    """The baseline: every positive word as a LIKE '%word%' over title and text."""
    from django.db.models import Q

    from jianpin.library.models import Document
    from jianpin.library.querylang import parse, positive_terms

    names = {"subject": "subjects__contains", "author": "authors__contains"}
    qs = Document.objects.filter(**{names.get(k, k): v for k, v in filters.items()})
    if not q.strip():
        list(qs.order_by("-date", "-id")[:20])
        return qs.count()
    node = parse(q)
    negated = "NOT" in q
    for term in positive_terms(node):
        word = term.text
        cond = Q(title__contains=word) if term.field == "title" else (
            Q(title__contains=word) | Q(content__text__contains=word))
        qs = qs.filter(cond) if " OR " not in q else qs
    if " OR " in q:
        words = [t.text for t in positive_terms(node)]
        cond = Q()
        for word in words:
            cond |= Q(title__contains=word) | Q(content__text__contains=word)
        qs = qs.filter(cond)
    if negated:
        qs = qs.exclude(doc_type="新闻")
    list(qs.order_by("-date", "-id")[:20])
    return qs.count()


def page_ms(q: str, filters: dict) -> float:
    """One search page: ranked hits, facets and (with a type chosen) the type tabs."""
    from jianpin.library.search import SearchParams, category_counts, search

    t = time.perf_counter()
    params = SearchParams(q=q, **filters)
    result = search(params, with_facets=True)
    if params.category:  # the type tabs count the search without its type
        # Given the page's search, as the page does (code before that took the params only).
        takes = len(inspect.signature(category_counts).parameters)
        category_counts(params, result) if takes > 1 else category_counts(params)
    return (time.perf_counter() - t) * 1000


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and, on PostgreSQL, by its server backend.

    The machine is shared, so wall times carry other jobs' load; CPU seconds do not. The
    backend's are read from /proc (clock ticks, 10 ms): only sums over many runs are exact.
    """
    from django.db import connection

    used = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return used
        used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def library_changed():  # type: ignore[no-untyped-def]
    """The library's change counter (None for code before facet summaries existed)."""
    try:
        from jianpin.library.indexing import library_changed as changed
    except ImportError:
        return None
    return changed


def time_queries(reps: int, like_runs: int) -> dict[str, dict[str, list[float]]]:
    from jianpin.library.search import SearchParams, search

    changed = library_changed()
    out: dict[str, dict[str, list[float]]] = {"fts": {}, "like": {}, "page": {}, "cold": {},
                                              "cpu": {}, "page_cpu": {}}
    for q, filters in QUERIES:
        label = (q or "(no query)") + (f" {filters}" if filters else "")
        search(SearchParams(q=q, **filters))  # warm caches once
        fts, like = [], []
        cpu = cpu_seconds()
        for _ in range(reps):
            t = time.perf_counter()
            result = search(SearchParams(q=q, **filters))
            fts.append((time.perf_counter() - t) * 1000)
        cpu = (cpu_seconds() - cpu) * 1000 / reps
        cold = []
        if changed is not None:  # the first page after a library change counts everything
            changed()
            cold.append(page_ms(q, filters))
        page_cpu = cpu_seconds()
        page = [page_ms(q, filters) for _ in range(max(3, reps // 5))]
        page_cpu = (cpu_seconds() - page_cpu) * 1000 / len(page)
        like_total = -1
        for _ in range(like_runs):
            t = time.perf_counter()
            like_total = like_search(q, filters)
            like.append((time.perf_counter() - t) * 1000)
        out["fts"][label], out["like"][label], out["page"][label] = fts, like, page
        out["cold"][label] = cold
        out["cpu"][label], out["page_cpu"][label] = [cpu], [page_cpu]
        first = f" (first after a change {cold[0]:7.1f} ms)" if cold else ""
        print(f"  {label:<32} total {result.total:>7,}  fts p50 {statistics.median(fts):7.1f} ms"
              f"  p95 {percentile(fts, 95):7.1f} ms (CPU {cpu:6.1f} ms) | +facets p50 "
              f"{statistics.median(page):7.1f} ms (CPU {page_cpu:6.1f} ms){first}" + (
                  f" | LIKE total {like_total:>7,}  p50 {statistics.median(like):8.1f} ms"
                  if like else ""), flush=True)
    return out


def result_ids() -> dict[str, list[list[int]]]:
    """The ids of pages 1, 2 and 101 (20 a page) of every query, to compare two versions."""
    from jianpin.library.search import SearchParams, search

    return {(q or "(no query)") + (f" {filters}" if filters else ""):
            [[h.document.pk for h in search(SearchParams(q=q, page=page, **filters)).hits]
             for page in (1, 2, 101)] for q, filters in QUERIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--db", default="", help="SQLite file to create or reuse")
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--like-runs", type=int, default=3,
                        help="runs of the LIKE scan per query (0: none)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes that segment while indexing (0: none)")
    parser.add_argument("--ids", default="",
                        help="write the ids of pages 1, 2 and 101 of every query to this file"
                             " (JSON), to compare with another version's")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "library-bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("JIANPIN_DATA_DIR", tempfile.mkdtemp())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jianpin.library.models import Document
    from jianpin.regions.loader import load_core
    from jianpin.regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        load_core()
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
          f", load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    have = Document.objects.count()
    if have < args.docs:
        Document.objects.all().delete()
        print(f"indexing {args.docs:,} generated documents ({args.workers} segmenting workers)"
              " ...", flush=True)
        server = cpu_seconds() - time.process_time()
        seconds, cpu, chars = build(args.docs, args.workers)
        server = cpu_seconds() - time.process_time() - server  # PostgreSQL's backend, else 0
        print(f"indexing: {args.docs:,} documents, {chars / 1e6:.1f} M characters in "
              f"{seconds:.1f} s = {args.docs / seconds:,.0f} documents/s, "
              f"{chars / seconds / 1e3:,.0f} k characters/s; {cpu:.1f} CPU s in this process "
              f"and its workers = {args.docs / cpu:,.0f} documents per CPU second"
              + (f"; with the server backend's {server:.1f} CPU s, "
                 f"{args.docs / (cpu + server):,.0f}" if server > 0 else ""))
    else:
        print(f"reusing {have:,} indexed documents")
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("INSERT INTO library_fts(library_fts) VALUES ('optimize')")
            cur.execute("ANALYZE")
    elif connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: statistics, and the visibility map that
        # lets counts over the text index skip the table's pages.
        with connection.cursor() as cur:
            for table in ("library_document", "library_documentindex", "library_documentsubject",
                          "library_documentauthor"):
                cur.execute(f"VACUUM ANALYZE {table}")
    if args.ids:
        Path(args.ids).write_text(json.dumps(result_ids(), ensure_ascii=False, indent=0))
        print(f"ids of pages 1, 2 and 101 of every query written to {args.ids}")
    print(f"queries ({args.reps} runs each; search = ranked top 20 + total count):")
    times = time_queries(args.reps, args.like_runs)
    for name, label in (("fts", "full-text search"), ("page", "search + facets"),
                        ("cold", "first page after a change"), ("like", "LIKE scan")):
        flat = [v for vs in times[name].values() for v in vs]
        if not flat:
            continue
        print(f"{label:<25} all queries: p50 {statistics.median(flat):8.1f} ms   "
              f"p95 {percentile(flat, 95):8.1f} ms   ({len(flat)} runs)")
    for name, label in (("cpu", "full-text search"), ("page_cpu", "search + facets")):
        per_query = [v for vs in times[name].values() for v in vs]
        print(f"{label:<25} CPU per run, by query: median {statistics.median(per_query):6.1f} ms"
              f"   max {max(per_query):6.1f} ms")


if __name__ == "__main__":
    main()
