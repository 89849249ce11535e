"""PostgreSQL: an import's COPYs run by a writer thread while the importing thread goes on.

A COPY keeps the client waiting until the server has inserted every row and updated every
index; meanwhile the import could build the next table's rows and the audit diffs. Inside
`pipelined()`, `_pgwrite.copy` queues each prepared COPY (`_pgwrite.Job`) with its rows and
returns; one writer thread runs them in order on the same psycopg connection, so in the same
transaction, and the server works while this thread computes. The writer uses psycopg alone
(no Django), and psycopg lets one thread at a time use a connection.

Order is kept: every statement this thread sends through Django on the connection first
waits for the queued COPYs (an execute wrapper), so a look-up sees the rows copied before it,
and any error a COPY raised is raised here, at the next queued COPY or statement, or on
leaving; the COPYs queued after it are not run. The rows handed over must not change after.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import connection

from jianpin.registry.io import _pgwrite

if TYPE_CHECKING:
    from jianpin.registry.io._pgwrite import Job

_ACTIVE = threading.local()


def active() -> Pipe | None:
    """The pipe of this thread's import, if one is open."""
    return getattr(_ACTIVE, "pipe", None)


class Pipe:
    """A writer thread and its queue of COPYs."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.jobs: queue.Queue[tuple[Job, Sequence[Sequence[Any]]] | None] = queue.Queue()
        self.error: BaseException | None = None
        self.raised = False
        self.thread = threading.Thread(target=self._work, name="copy-writer", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        with self.raw.cursor() as cursor:
            while True:
                item = self.jobs.get()
                try:
                    if item is None:
                        return
                    if self.error is None:
                        _pgwrite.run(cursor, *item)
                except BaseException as exc:    # handed to the importing thread
                    self.error = exc
                finally:
                    self.jobs.task_done()

    def submit(self, job: Job, rows: Sequence[Sequence[Any]]) -> None:
        self.check()
        self.jobs.put((job, rows))

    def drain(self) -> None:
        """Wait until every queued COPY has run; raise the error of one that failed."""
        self.jobs.join()
        self.check()

    def check(self) -> None:
        if self.error is not None and not self.raised:
            self.raised = True
            with connection.wrap_database_errors:
                raise self.error

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()

    def before(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        """Execute wrapper: statements of this thread wait for the queued COPYs."""
        self.drain()
        return execute(sql, params, many, context)


@contextmanager
def pipelined() -> Iterator[Pipe]:
    """COPYs of the block run by a writer thread; all of them done (or their error raised)
    when the block ends. On an exception the queued COPYs are dropped, and the block's
    exception is the one raised."""
    connection.ensure_connection()
    pipe = Pipe(connection.connection)
    _ACTIVE.pipe = pipe
    try:
        with connection.execute_wrapper(pipe.before):
            yield pipe
            pipe.drain()
    except BaseException:
        if pipe.error is None:
            pipe.error = RuntimeError("import stopped")     # the writer skips what is queued
            pipe.raised = True
        raise
    finally:
        _ACTIVE.pipe = None
        pipe.close()
