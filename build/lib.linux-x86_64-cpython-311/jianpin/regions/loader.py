"""Load a division CSV (code,name,level,parent_code; gz allowed) into Region, in batches."""
from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

from django.db import connection, transaction

from jianpin.regions.models import PREFIX_LENGTH, Region

BATCH = 5000
CORE_DATA = "divisions-core.csv.gz"


def _open(path: Path) -> io.TextIOBase:
    raw = path.read_bytes()[:2]
    if raw == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig", newline="")


def read_rows(handle: io.TextIOBase) -> Iterator[tuple[str, str, int, str | None]]:
    reader = csv.DictReader(handle)
    missing = {"code", "name", "level", "parent_code"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"区划文件缺少列：{', '.join(sorted(missing))}")
    for line, row in enumerate(reader, start=2):
        code = (row["code"] or "").strip()
        if not code.isdigit() or len(code) not in (12, 15):
            raise ValueError(f"第{line}行区划代码无效：{code!r}")
        try:
            level = int(row["level"])
        except ValueError:
            raise ValueError(f"第{line}行级别无效：{row['level']!r}") from None
        if level not in PREFIX_LENGTH:
            raise ValueError(f"第{line}行级别无效：{level}")
        yield code, row["name"].strip(), level, (row["parent_code"] or "").strip() or None


def load(path: Path, progress: Callable[[int], None] | None = None) -> int:
    """Insert or update every region in the file; return the number of rows read."""
    with _open(path) as handle:
        return load_rows(read_rows(handle), progress)


def load_core(progress: Callable[[int], None] | None = None) -> int:
    """Load the division data shipped with the project (national to county, Meizhou in full)."""
    ref = resources.files("jianpin.regions") / "data" / CORE_DATA
    with resources.as_file(ref) as path:
        return load(Path(path), progress)


def load_rows(rows: Iterator[tuple[str, str, int, str | None]],
              progress: Callable[[int], None] | None = None) -> int:
    seen: set[str] = set()
    batch: list[tuple[str, str, int, str | None, str]] = []
    count = 0
    with transaction.atomic():
        for code, name, level, parent in rows:
            # A few prefecture-level cities repeat one code at two levels: keep the higher one.
            if code in seen:
                continue
            seen.add(code)
            batch.append((code, name, level, parent, code[: PREFIX_LENGTH[level]]))
            count += 1
            if len(batch) >= BATCH:
                _flush(batch)
                batch = []
                if progress:
                    progress(count)
        _flush(batch)
        if progress:
            progress(count)
    return count


def _flush(batch: list[tuple[str, str, int, str | None, str]]) -> None:
    """Upsert a batch with one prepared statement (SQLite and PostgreSQL share the syntax).

    An unchanged division is not written again: a write to the tree marks the households
    under it for screening (`jianpin.screening.changes`), and reloading the same tree must not
    mark them all."""
    table = connection.ops.quote_name(Region._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (code, name, level, parent_id, prefix) VALUES (%s, %s, %s, %s, %s)"
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,"
            " parent_id = excluded.parent_id, prefix = excluded.prefix"
            f" WHERE {table}.name <> excluded.name OR {table}.level <> excluded.level"
            f" OR {table}.prefix <> excluded.prefix"
            f" OR COALESCE({table}.parent_id, '') <> COALESCE(excluded.parent_id, '')",
            batch,
        )
