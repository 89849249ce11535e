"""Backups of the SQLite database and the media folder in one private (0600) archive.

An archive `jianpin-YYYYmmdd-HHMMSS.tar` holds `manifest.json` (row counts and a checksum per
table, a checksum per media file), `database.sqlite3` (a consistent copy made with SQLite's
online backup API) and `media/...`. With `JIANPIN_BACKUP_KEY` set the archive is encrypted
(`.tar.enc`, see `sealed.py`). `restore` verifies everything before it replaces anything and
refuses while a server or worker has the database open (see `inuse.py`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jianpin.ops import inuse, sealed
from jianpin.ops.files import open_private, private_dir, private_file, sqlite_path

DATABASE, MANIFEST, MEDIA = "database.sqlite3", "manifest.json", "media"


def manifest(conn: sqlite3.Connection | None = None) -> dict[str, dict[str, object]]:
    """{table: {"rows": n, "sha256": digest of rows in primary-key order}}.

    A SQLite file is digested table by table as the file itself lists them (not as today's models
    do), so that a backup made before a migration still verifies after it."""
    out: dict[str, dict[str, object]] = {}
    if conn is None and connection.vendor == "sqlite":
        # Read the file as plain sqlite3 does, so live data and backup copies hash alike.
        plain = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
        try:
            return manifest(plain)
        finally:
            plain.close()
    if conn is None:
        tables = sorted({m._meta.db_table: str(m._meta.pk.column) for m in apps.get_models()
                         if m._meta.managed and not m._meta.proxy}.items())
        with connection.cursor() as cursor:
            for table, pk in tables:
                out[table] = _digest(cursor, table, pk, connection.ops.quote_name)
    else:
        file_cursor = conn.cursor()
        for table, pk in _sqlite_tables(conn):
            out[table] = _digest(file_cursor, table, pk, lambda n: '"' + n.replace('"', '""') + '"')
    return out


def _sqlite_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, ordering column) for every table in the file: its primary key, else rowid."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    out = []
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        keys = [r[1] for r in conn.execute(f"PRAGMA table_info({quoted})") if r[5] == 1]
        out.append((name, keys[0] if len(keys) == 1 else "rowid"))
    return out


def _digest(cursor: Any, table: str, pk: str, quote: Callable[[str], str]) -> dict[str, object]:
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


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    """{path relative to root: sha256} for every regular file under root."""
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): _file_sha256(p)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def _copy_database(dest: Path) -> dict[str, dict[str, object]]:
    connection.ensure_connection()
    with open_private(dest):
        pass
    target = sqlite3.connect(dest)
    try:
        connection.connection.backup(target)
        # A rollback-journal copy: opening it read-only later leaves no -wal/-shm files behind.
        target.execute("PRAGMA journal_mode=DELETE")
        return manifest(target)
    finally:
        target.close()


def backup(target_dir: Path, key: str | None = None) -> Path:
    """Write one archive of the database and the media folder; encrypted when a key is set."""
    if connection.vendor != "sqlite":
        raise RuntimeError("PostgreSQL 请使用 pg_dump / pg_restore 备份与恢复（见运维手册）")
    key = settings.BACKUP_KEY if key is None else key
    private_dir(target_dir)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = target_dir / (f"jianpin-{stamp}.tar" + (".enc" if key else ""))
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".work-") as work:
        db_copy = Path(work) / DATABASE
        info: dict[str, Any] = {"version": 2, "tables": _copy_database(db_copy),
                                "media": media_files(media_root)}
        data = json.dumps(info, ensure_ascii=False, indent=1).encode()
        # Written under a hidden name inside the work folder and renamed when complete: a failed
        # or interrupted backup never leaves a partial archive under a backup's name.
        partial = Path(work) / target.name
        with open_private(partial) as raw:
            out = cast(IO[bytes], sealed.Writer(raw, key)) if key else raw
            with tarfile.open(fileobj=out, mode="w|") as tar:
                entry = tarfile.TarInfo(MANIFEST)
                entry.size, entry.mode = len(data), 0o600
                tar.addfile(entry, io.BytesIO(data))
                tar.add(db_copy, DATABASE, recursive=False)
                for rel in info["media"]:
                    tar.add(media_root / rel, f"{MEDIA}/{rel}", recursive=False)
            if key:
                out.close()
        os.replace(partial, target)
    return target


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts and (
        name in (MANIFEST, DATABASE) or (parts[0] == MEDIA and len(parts) > 1))


def unpack(file: Path, into: Path, key: str | None = None) -> dict[str, Any]:
    """Extract an archive's regular files into `into` (0700); return its manifest."""
    key = settings.BACKUP_KEY if key is None else key
    private_dir(into)
    with file.open("rb") as raw:
        encrypted = sealed.is_sealed(raw)
        if encrypted and not key:
            raise ValueError("备份已加密：请设置 JIANPIN_BACKUP_KEY 后再校验或恢复")
        src = cast(IO[bytes], sealed.Reader(raw, key)) if encrypted else raw
        with tarfile.open(fileobj=src, mode="r|") as tar:
            for member in tar:
                if not member.isfile() or not _safe_name(member.name):
                    raise ValueError(f"备份中有不应出现的条目：{member.name}")
                dest = into / member.name
                private_dir(dest.parent)
                reader = tar.extractfile(member)
                assert reader is not None
                with open_private(dest) as out:
                    shutil.copyfileobj(reader, out, 1 << 20)
    if not (into / MANIFEST).is_file() or not (into / DATABASE).is_file():
        raise ValueError("备份不完整：缺少清单或数据库")
    found: dict[str, Any] = json.loads((into / MANIFEST).read_text())
    return found


def check(unpacked: Path, expected: dict[str, Any]) -> list[str]:
    """Differences between unpacked files and their manifest (empty when intact)."""
    conn = sqlite3.connect(f"file:{unpacked / DATABASE}?mode=ro", uri=True)
    try:
        actual = manifest(conn)
    finally:
        conn.close()
    tables = expected.get("tables", {})
    # Manifests since version 2 list every table of the file; older ones only the model tables
    # of their day, so an extra table in such a copy (django_migrations) is not a difference.
    names = set(tables) | set(actual) if expected.get("version", 1) >= 2 else set(tables)
    problems = [f"{t}: 期望 {tables.get(t)}，实际 {actual.get(t)}"
                for t in sorted(names) if tables.get(t) != actual.get(t)]
    media, got = expected.get("media", {}), media_files(unpacked / MEDIA)
    problems += [f"{MEDIA}/{p}: 文件缺失或内容不符" for p in sorted(set(media) | set(got))
                 if media.get(p) != got.get(p)]
    return problems


def verify(file: Path, key: str | None = None) -> list[str]:
    """Unpack into a private temporary folder and compare with the manifest; nothing is left."""
    with tempfile.TemporaryDirectory(dir=file.parent, prefix=".verify-") as work:
        return check(Path(work), unpack(file, Path(work), key))


def restore(file: Path, key: str | None = None) -> Path:
    """Replace the SQLite database and the media folder with a verified backup."""
    if connection.vendor != "sqlite":
        raise RuntimeError("PostgreSQL 请使用 pg_restore 恢复（见运维手册）")
    target = sqlite_path()
    if target is None:
        raise RuntimeError("只能恢复到磁盘上的 SQLite 数据库")
    connection.close()
    with inuse.exclusive():
        private_dir(target.parent)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".restore-") as work:
            expected = unpack(file, Path(work), key)
            problems = check(Path(work), expected)
            if problems:
                raise ValueError("备份文件与清单不一致：" + "；".join(problems[:5]))
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            os.replace(Path(work) / DATABASE, target)
            private_file(target)
            _replace_media(Path(work) / MEDIA, Path(settings.MEDIA_ROOT))
    return target


def _replace_media(source: Path, media_root: Path) -> None:
    """Swap the media folder for the backup's: the old one is set aside first and put back if
    the move fails, and deleted only once the new one is in place."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    aside = media_root.with_name(f".{media_root.name}-replaced-{os.getpid()}")
    if media_root.exists():
        os.replace(media_root, aside)
    try:
        if source.is_dir():
            shutil.move(str(source), media_root)
            private_dir(media_root)
    except BaseException:
        if media_root.exists():
            shutil.rmtree(media_root)
        if aside.exists():
            os.replace(aside, media_root)
        raise
    if aside.exists():
        shutil.rmtree(aside)
