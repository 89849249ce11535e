"""Let the apps that follow changes to households take a bulk write's households at once.

An app whose AppConfig has `household_bulk_writes()` (screening's change marks) returns a
context manager yielding a function that takes household IDs; a bulk writer (the import) runs
inside all of them and passes every household it wrote. The registry never imports those apps:
they sit above it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager

from django.apps import apps


@contextmanager
def household_bulk_writes() -> Iterator[Callable[[Iterable[int]], None]]:
    with ExitStack() as stack:
        takers = [stack.enter_context(hook()) for config in apps.get_app_configs()
                  if (hook := getattr(config, "household_bulk_writes", None)) is not None]

        def wrote(households: Iterable[int]) -> None:
            ids = list(households)
            for take in takers:
                take(ids)
        yield wrote
