"""Consistent SQLite backups with a manifest of row counts and per-table checksums."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from django.apps import apps
from django.db import connection


def manifest(conn: sqlite3.Connection | None = None) -> dict[str, dict[str, object]]:
    """{table: {"rows": n, "sha256": digest of rows in primary-key order}} for every model table."""
    tables = sorted({m._meta.db_table: m._meta.pk.column for m in apps.get_models()
                     if m._meta.managed and not m._meta.proxy}.items())
    out: dict[str, dict[str, object]] = {}
    if conn is None and connection.vendor == "sqlite":
        # Read the file as plain sqlite3 does, so live data and backup copies hash alike.
        plain = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
        try:
            return manifest(plain)
        finally:
            plain.close()
    if conn is None:
        with connection.cursor() as cursor:
            for table, pk in tables:
                out[table] = _digest(cursor, table, pk, connection.ops.quote_name)
    else:
        cursor = conn.cursor()
        for table, pk in tables:
            out[table] = _digest(cursor, table, pk, lambda n: f'"{n}"')
    return out


def _digest(cursor, table: str, pk: str, quote) -> dict[str, object]:  # type: ignore[no-untyped-def]
    h = hashlib.sha256()
    rows = 0
    cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
    while batch := cursor.fetchmany(5000):
        for row in batch:
            h.update(repr(tuple(_plain(v) for v in row)).encode())
            rows += 1
    return {"rows": rows, "sha256": h.hexdigest()}


def _plain(value: object) -> object:
    """Normalise driver types so SQLite and a restored copy hash the same."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value) if value is not None else None


def backup(target_dir: Path) -> Path:
    """Copy the live SQLite database with the online backup API; write FILE and FILE.json."""
    if connection.vendor != "sqlite":
        raise RuntimeError("PostgreSQL 请使用 pg_dump / pg_restore 备份与恢复（见运维手册）")
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"jianpin-{stamp}.sqlite3"
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)
        info = manifest(dest)
    finally:
        dest.close()
    target.with_suffix(".json").write_text(json.dumps(info, ensure_ascii=False, indent=1))
    return target


def verify(file: Path) -> list[str]:
    """Differences between a backup file and its manifest (empty when intact)."""
    expected = json.loads(file.with_suffix(".json").read_text())
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        actual = manifest(conn)
    finally:
        conn.close()
    return [f"{t}: 期望 {expected.get(t)}，实际 {actual.get(t)}"
            for t in sorted(set(expected) | set(actual)) if expected.get(t) != actual.get(t)]


def restore(file: Path) -> Path:
    """Replace the configured SQLite database with a verified backup."""
    problems = verify(file)
    if problems:
        raise ValueError("备份文件与清单不一致：" + "；".join(problems[:5]))
    if connection.vendor != "sqlite":
        raise RuntimeError("PostgreSQL 请使用 pg_restore 恢复（见运维手册）")
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(file, target)
    return target
