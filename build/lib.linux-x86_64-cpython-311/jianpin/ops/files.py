"""Private files: the database, uploads, kept imports and backups are readable by the owner only."""
from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> None:
    """Make an existing file 0600 (no-op when it is gone)."""
    try:
        os.chmod(path, PRIVATE_FILE_MODE)
    except FileNotFoundError:
        pass


def open_private(path: Path, mode: str = "wb"):  # type: ignore[no-untyped-def]
    """Open a new file for writing that is 0600 from the start (never briefly world-readable)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    os.chmod(path, PRIVATE_FILE_MODE)  # O_CREAT leaves an existing file's mode alone
    return os.fdopen(fd, mode)


def sqlite_path() -> Path | None:
    """The SQLite database file, or None for PostgreSQL and in-memory databases."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name.startswith("file:") or name == ":memory:":
        return None
    return Path(name)


def secure_data_dir() -> None:
    """0600 for the SQLite file (and its -wal/-shm), 0700 for the data dir's private folders."""
    db = sqlite_path()
    if db is not None:
        for suffix in ("", "-wal", "-shm"):
            private_file(Path(f"{db}{suffix}"))
    data = Path(settings.DATA_DIR)
    for name in PRIVATE_FOLDERS:
        if (data / name).exists():
            private_dir(data / name)
    if Path(settings.MEDIA_ROOT).exists():
        private_dir(Path(settings.MEDIA_ROOT))


PRIVATE_FOLDERS = ("media", "imports", "import-checked", "snapshots", "tmp", "backups")


def discard_kept_import(path: Path) -> bool:
    """Delete an uploaded import file once its import is committed, unless
    JIANPIN_IMPORT_KEEP_FILES keeps it; True when deleted."""
    if settings.IMPORT_KEEP_FILES:
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
