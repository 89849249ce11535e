"""Bulk writers of registry households, and the apps that follow changes to households.

An app that keeps row triggers on the registry's tables (screening's change marks) offers on
its AppConfig `household_bulk_writes()`: a context manager yielding a `Follower`. A bulk writer
(the import, the generator's bulk mode) runs inside all of them (`household_bulk_writes` here):
it calls `start()` right before its first write, which sets those triggers aside for its own
transaction, and names the households it wrote, one by one (`wrote`) or as every household
from a key on (`wrote_from`, a load into an empty registry). On leaving, each follower does
for those households at once what its triggers do row by row, and puts its triggers back. A
writer that writes nothing never calls `start()`: nothing is set aside.

The registry never imports those apps: they sit above it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from typing import Protocol

from django.apps import apps


class Follower(Protocol):
    """What an app following household changes offers a bulk writer."""

    def start(self) -> None: ...

    def quiet(self) -> tuple[str, ...]:
        """The name prefixes of its triggers set aside now (none before `start`)."""

    def wrote(self, households: Iterable[int]) -> None: ...

    def wrote_from(self, first_household: int) -> None: ...


class BulkWrite:
    """Every follower of one bulk write, addressed as one."""

    def __init__(self, followers: list[Follower]) -> None:
        self.followers = followers

    def start(self) -> None:
        """Set the followers' triggers aside (idempotent): call right before writing."""
        for follower in self.followers:
            follower.start()

    def quiet(self) -> tuple[str, ...]:
        """The name prefixes of the triggers set aside now: they note none of this
        transaction's writes (a load may skip them as it pleases)."""
        return tuple(p for f in self.followers for p in f.quiet())

    def wrote(self, households: Iterable[int]) -> None:
        ids = list(households)
        for follower in self.followers:
            follower.wrote(ids)

    def wrote_from(self, first_household: int) -> None:
        for follower in self.followers:
            follower.wrote_from(first_household)


@contextmanager
def household_bulk_writes() -> Iterator[BulkWrite]:
    """Inside a transaction: a bulk write of registry households, followed by every app that
    follows them. An exception inside leaves triggers and marks as they were."""
    with ExitStack() as stack:
        bulk = BulkWrite([stack.enter_context(hook()) for config in apps.get_app_configs()
                          if (hook := getattr(config, "household_bulk_writes", None)) is not None])
        token = _NOW.set(bulk)
        try:
            yield bulk
        finally:
            _NOW.reset(token)


_NOW: ContextVar[BulkWrite | None] = ContextVar("household_bulk_write", default=None)


def quiet_now() -> tuple[str, ...]:
    """The name prefixes of the triggers the bulk write in progress has set aside (none
    outside one, or before its `start`): a writer may skip them, they note nothing."""
    bulk = _NOW.get()
    return bulk.quiet() if bulk is not None else ()
