"""The engine interface: count feature rows, find rule hits, fetch rows for explanations."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

from jianpin.rules.ruleset import Rule

HitMap = dict[str, list[int]]
ENGINES = ("sqlite", "postgres", "duckdb", "spark")


class Engine(ABC):
    """Runs compiled rules over a feature table named `features` in its own SQL dialect."""

    name: str = ""
    dialect: str = ""

    @abstractmethod
    def count(self) -> int:
        """Number of households in the feature table."""

    @abstractmethod
    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run one SELECT and return its rows."""

    def stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Rows of a SELECT as they come; engines override to avoid holding all of them."""
        yield from self.query(sql)

    def hits(self, rules: Sequence[Rule]) -> HitMap:
        """Household ids hit by each rule, ascending, in one statement."""
        out: HitMap = {r.code: [] for r in rules}
        if not rules:
            return out
        parts = [f"SELECT {i} AS r, household_id FROM {self.table} WHERE {r.sql(self.dialect)}"
                 for i, r in enumerate(rules)]
        for index, household_id in self.stream(" UNION ALL ".join(parts)):
            out[rules[int(index)].code].append(int(household_id))
        for ids in out.values():
            ids.sort()
        return out

    @abstractmethod
    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict[str, Any]]:
        """Feature rows (the given columns) of the given households, by id."""

    def close(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Release resources (sessions, connections)."""

    @property
    def table(self) -> str:
        return "features"
