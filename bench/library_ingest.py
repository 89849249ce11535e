"""The per-file ingest path (`jianpin library ingest FOLDER`, the upload page's job): CPU seconds
of ingesting the real-page corpus, one file at a time or in batches, and where they go.

    python bench/library_ingest.py --checkout DIR [--mode single|batch] [--rounds 3] [--profile]

Each round ingests every corpus page (tests/data/corpus/docs) into a fresh database (a temporary
SQLite file, or DATABASE_URL, emptied first) with DIR's code: `do_ingest` per file (single) or
`do_ingest_many` per INGEST_BATCH files (batch, where DIR has it). Reports CPU seconds of this
process and, on PostgreSQL, its server backend; with --profile, the share of metadata
extraction, keywords, segmentation and the writes (cProfile, one round).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, required=True)
    parser.add_argument("--mode", choices=("single", "batch"), default="batch")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    sys.path.insert(0, str(checkout))
    sys.path.insert(0, str(checkout / "bench"))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/ingest.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("JIANPIN_DATA_DIR", tempfile.mkdtemp())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from library import cpu_seconds

    import jianpin
    from jianpin.library import actions
    from jianpin.library.models import Document
    from jianpin.library.text import segment
    from jianpin.regions.loader import load_core

    assert Path(jianpin.__file__).is_relative_to(checkout), jianpin.__file__
    call_command("migrate", verbosity=0)
    load_core()
    segment.preload() if hasattr(segment, "preload") else segment.tokenizer()
    paths = sorted((checkout / "jianpin/library/tests/data/corpus/docs").glob("*.txt"))
    files = [(p.name, p.read_bytes()) for p in paths]
    actor = actions.SystemActor()
    print(f"{connection.vendor}, {len(files)} pages, mode {args.mode}, load average "
          f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    for round_ in range(args.rounds):
        Document.objects.all().delete()
        for store in ("_RUN_TOKENS", "_RUN_WORDS", "_EXPANSIONS"):  # a cold process's stores
            getattr(segment, store, {}).clear()
        profile = None
        if args.profile and round_ == 0:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        cpu, wall = cpu_seconds(), time.perf_counter()
        if args.mode == "single":
            results = [actions.do_ingest(actor, name, data) for name, data in files]
        else:
            size = actions.INGEST_BATCH
            results = [r for i in range(0, len(files), size)
                       for r in actions.do_ingest_many(actor, files[i:i + size])]
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
        if profile is not None:
            profile.disable()
            _shares(profile)
        created = sum(getattr(r, "created", False) for r in results)
        print(f"round {round_ + 1}: {created} documents stored, CPU {cpu:.2f} s, wall {wall:.2f} s"
              f", {len(files) / cpu:.0f} pages per CPU s", flush=True)


def _shares(profile: object) -> None:
    import pstats

    stats = pstats.Stats(profile)  # type: ignore[arg-type]
    total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
    wanted = {"extract_metadata": "metadata extraction", "keywords": "keywords",
              "index_fields": "index fields", "store_documents": "index and facet rows",
              "_store_batch": "all writes (batched)", "read_upload": "reading the file",
              "classify": "subjects", "save": "saving the original / the row"}
    print(f"  profile: {total:.2f} s in all")
    for (path, _, name), value in sorted(stats.stats.items(),  # type: ignore[attr-defined]
                                         key=lambda kv: -kv[1][3]):
        if name in wanted and "jianpin" in path:
            print(f"  {wanted[name]:<28} {name:<20} {value[3]:6.2f} s  {value[3] / total:5.1%}"
                  f"  ({Path(path).name})")
    stats.sort_stats("cumulative").print_callees("extract_metadata")


if __name__ == "__main__":
    main()
