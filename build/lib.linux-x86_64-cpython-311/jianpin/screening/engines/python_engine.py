"""The reference engine: the Python evaluator over feature rows held in memory."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jianpin.rules.evaluator import hits, normalise_row
from jianpin.rules.ruleset import Rule
from jianpin.screening.engines.base import Engine, HitMap


class PythonEngine(Engine):
    name = "python"
    dialect = "python"

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.by_id = {int(r["household_id"]): normalise_row(r) for r in rows}

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError("the reference engine runs no SQL")

    def count(self) -> int:
        return len(self.by_id)

    def hits(self, rules: Sequence[Rule]) -> HitMap:
        """One household at a time, every rule: the per-household baseline."""
        out: HitMap = {r.code: [] for r in rules}
        for household_id in sorted(self.by_id):
            row = self.by_id[household_id]
            for rule in rules:
                if hits(rule.tree, row):
                    out[rule.code].append(household_id)
        return out

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict[str, Any]]:
        return {i: {c: self.by_id[i].get(c) for c in ["household_id", *columns]} for i in ids}
