"""Fingerprint what a version of the library's bulk indexing stores, to compare two versions.

    python bench/library_same.py --checkout DIR --out FILE.json [--docs 2000]
    python bench/library_same.py --compare A.json B.json

Builds `--docs` generated documents with the `build` of DIR's bench/library.py (DIR's own code
on the path first) into a fresh database (a temporary SQLite file, or DATABASE_URL, which must
be empty), then writes a SHA-256 per library table (every row in id order, every column but
the creation and change times), of every FTS5 token (SQLite: term, document, column, offset),
of every tsvector as text (PostgreSQL: index `tsv`, `title_tsv`, rank `tsv`), and the ids of
pages 1, 2 and 101 of every benchmark query. `--compare` prints the entries that differ.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

SKIPPED_COLUMNS = {"created_at", "updated_at"}


def _digest(rows: list[tuple]) -> dict[str, object]:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(str(v) for v in row)).encode("utf-8"))
    return {"rows": len(rows), "sha256": h.hexdigest()}


def fingerprint() -> dict[str, object]:
    from django.db import connection

    out: dict[str, object] = {}
    with connection.cursor() as cursor:
        tables = sorted(t for t in connection.introspection.table_names(cursor)
                        if t.startswith("library_") and not t.startswith("library_fts"))
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)
                       if c.name not in SKIPPED_COLUMNS]
            names = ", ".join(f"{connection.ops.quote_name(c)}::text"
                              if connection.vendor == "postgresql" else
                              connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {names} FROM {table} ORDER BY 1, 2")
            out[f"table {table}"] = _digest(list(cursor.fetchall()))
        if connection.vendor == "sqlite":
            cursor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.same_fts_instances "
                           "USING fts5vocab(main, library_fts, 'instance')")
            cursor.execute('SELECT term, doc, col, "offset" FROM temp.same_fts_instances '
                           'ORDER BY doc, col, "offset"')
            out["fts5 tokens"] = _digest(list(cursor.fetchall()))
            cursor.execute("INSERT INTO library_fts(library_fts) VALUES ('integrity-check')")
        else:
            cursor.execute("SELECT document_id, tsv::text, title_tsv::text "
                           "FROM library_documentindex ORDER BY document_id")
            out["index tsvectors"] = _digest(list(cursor.fetchall()))
            cursor.execute("SELECT document_id, tsv::text FROM library_documentrank "
                           "ORDER BY document_id")
            out["rank tsvectors"] = _digest(list(cursor.fetchall()))
    return out


def build(checkout: Path, docs: int, workers: int) -> dict[str, object]:
    sys.path.insert(0, str(checkout / "bench"))
    sys.path.insert(0, str(checkout))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/same.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("JIANPIN_DATA_DIR", tempfile.mkdtemp())
    import django

    django.setup()
    import library  # the checkout's bench/library.py

    import jianpin

    assert Path(jianpin.__file__).is_relative_to(checkout), jianpin.__file__
    assert Path(library.__file__).is_relative_to(checkout), library.__file__
    from django.core.management import call_command

    from jianpin.library.models import Document
    from jianpin.regions.loader import load_core

    call_command("migrate", verbosity=0)
    load_core()
    if Document.objects.exists():
        raise SystemExit("the database already holds documents: give an empty one")
    library.build(docs, workers)
    out = fingerprint()
    out["search ids"] = hashlib.sha256(json.dumps(library.result_ids(), ensure_ascii=False,
                                                  sort_keys=True).encode()).hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(p.read_text()) for p in args.compare)
        differ = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        for key in sorted(set(a) | set(b)):
            print(f"{'DIFFERS' if key in differ else 'same   '} {key}: {a.get(key)}"
                  + (f" / {b.get(key)}" if key in differ else ""))
        raise SystemExit(1 if differ else 0)
    result = build(args.checkout.resolve(), args.docs, args.workers)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"{len(result)} fingerprints written to {args.out}")


if __name__ == "__main__":
    main()
