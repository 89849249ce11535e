"""Deterministic randomness inside DuckDB SQL: every draw is a hash of (row key, draw number, seed).

The same seed gives the same rows on every machine and in any chunking, so benchmarks and the
demo are reproducible and a household's members and incomes never depend on its neighbours.
"""
from __future__ import annotations

PRIME = 1_000_000_007


def macros(seed: int) -> list[str]:
    """The SQL macros the generator's statements use: u (0 ≤ u < 1), pick (0 ≤ pick < n),
    span (lo ≤ x ≤ hi, integers) and choose (one element of a list)."""
    seed = int(seed)
    return [
        f"CREATE OR REPLACE MACRO u(key, k) AS (hash(key, k, {seed}) % {PRIME}) / {PRIME}.0",
        "CREATE OR REPLACE MACRO pick(key, k, n) AS CAST(floor(u(key, k) * n) AS INTEGER)",
        "CREATE OR REPLACE MACRO span(key, k, lo, hi) AS lo + pick(key, k, hi - lo + 1)",
        "CREATE OR REPLACE MACRO choose(key, k, xs) AS xs[1 + pick(key, k, len(xs))]",
        # A standard normal draw (Box-Muller); 1 - u keeps the logarithm finite.
        "CREATE OR REPLACE MACRO normal(key, k) AS "
        "sqrt(-2 * ln(1 - u(key, k))) * cos(2 * pi() * u(key, k + 1))",
    ]


def sql_list(values: tuple[str, ...] | list[str]) -> str:
    """A DuckDB list literal of strings."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"
