"""Who has the database open: `serve`, `worker` and the WSGI app hold a shared lock on a file
beside the database for as long as they run; `restore` needs the lock exclusively.

The operating system drops the lock when a process ends, however it ends (kill -9 included),
so a crashed server never blocks a restore and a running one always does.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from jianpin.ops.files import PRIVATE_FILE_MODE, sqlite_path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; restore relies on the operator
    fcntl = None  # type: ignore[assignment]

_held: list[int] = []


class DatabaseInUse(RuntimeError):
    pass


def lock_path() -> Path:
    db = sqlite_path()
    if db is not None:
        return db.with_name(db.name + ".in-use")
    return Path(settings.DATA_DIR) / "database.in-use"


def _open() -> int:
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)


def hold() -> None:
    """Mark the database as in use by this process until it exits."""
    if fcntl is None or _held:
        return
    fd = _open()
    fcntl.flock(fd, fcntl.LOCK_SH)
    _held.append(fd)


@contextmanager
def exclusive() -> Iterator[None]:
    """Hold the database alone for the block; DatabaseInUse when a server or worker runs."""
    if fcntl is None:
        yield
        return
    fd = _open()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseInUse(
                f"数据库正被网页服务或后台任务进程使用（{lock_path()}），请先停止 jianpin serve "
                "和 jianpin worker 再恢复") from None
        yield
    finally:
        os.close(fd)
