"""Which households changed since they were last screened: digests of their screened inputs.

A household's digest covers its number, village and every feature the rules read (registry
fields, incomes, department flags, the standards of its village, months under monitoring),
seeded with the rules themselves. A household whose digest equals the stored one would get
exactly the warnings it already has, so an incremental run screens only the others.
"""
from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from jianpin.rules.ruleset import Rule
from jianpin.screening.models import FeatureDigest

KEEP = "jp_rescreen"


def rules_seed(rules: Sequence[Rule]) -> bytes:
    """A fingerprint of the rules: any edit to a rule changes every household's digest."""
    text = json.dumps(sorted((r.code, r.name, r.severity, r.category, r.flag, r.condition)
                             for r in rules), ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def digest_columns(rules: Sequence[Rule]) -> list[str]:
    """The columns a digest covers: the household's number and village, every rule feature."""
    return ["household_number", "village_code", *sorted({f for r in rules for f in r.features})]


def _row_digest(seed: bytes, *values: Any) -> str:
    # marshal version 2 writes no back-references: equal rows, equal bytes.
    return hashlib.blake2b(seed + marshal.dumps(values, 2), digest_size=16).hexdigest()


def changed(table: str, rules: Sequence[Rule], year: int, rule_set: str) -> dict[int, str]:
    """Households of the feature table whose digest differs from the stored one (or has none),
    with their new digest.

    The database computes each digest and compares it with the stored one, so only the
    changed households cross to Python: PostgreSQL as md5 of the values as text, SQLite by a
    deterministic function registered on the connection (blake2b of the marshalled values).
    """
    cols = digest_columns(rules)
    seed = rules_seed(rules)
    first: str | bytes = seed
    if connection.vendor == "postgresql":
        text = ", ".join(f"COALESCE(CAST(f.{c} AS TEXT), '~')" for c in cols)
        expr, first = f"md5(concat_ws('|', %s, {text}))", seed.hex()
    else:
        connection.ensure_connection()
        connection.connection.create_function("jp_digest", -1, _row_digest,
                                              deterministic=True)
        expr = f"jp_digest(%s, {', '.join(f'f.{c}' for c in cols)})"
    sql = (f"SELECT household_id, d FROM (SELECT f.household_id, {expr} AS d, s.digest AS old "
           f"FROM {table} f LEFT JOIN {FeatureDigest._meta.db_table} s "
           "ON s.household_id = f.household_id AND s.year = %s AND s.rule_set = %s) q "
           "WHERE old IS NULL OR old <> d")
    with connection.cursor() as c:
        c.execute(sql, [first, year, rule_set])
        return {int(i): str(d) for i, d in c.fetchall()}


def keep_only(table: str, ids: Sequence[int]) -> None:
    """Delete every household but the given ones from the feature table."""
    temp = "TEMPORARY" if connection.vendor == "postgresql" else "TEMP"
    with connection.cursor() as c:
        c.execute(f"DROP TABLE IF EXISTS {KEEP}")
        c.execute(f"CREATE {temp} TABLE {KEEP} (household_id BIGINT PRIMARY KEY)")
        c.executemany(f"INSERT INTO {KEEP} VALUES (%s)", [(i,) for i in ids])
        c.execute(f"DELETE FROM {table} WHERE household_id NOT IN "
                  f"(SELECT household_id FROM {KEEP})")
        c.execute(f"DROP TABLE {KEEP}")


def save(year: int, rule_set: str, pairs: Iterable[tuple[int, str]]) -> None:
    """Upsert the digests of the households a run screened (with its warnings)."""
    upsert = (f"INSERT INTO {FeatureDigest._meta.db_table} (household_id, year, rule_set, digest) "
              "{} ON CONFLICT (household_id, year, rule_set) DO UPDATE SET digest = excluded.digest")
    with connection.cursor() as c:
        if connection.vendor != "postgresql":
            c.executemany(upsert.format("VALUES (%s, %s, %s, %s)"),
                          [(i, year, rule_set, d) for i, d in pairs])
            return
        # PostgreSQL: COPY into a staging table, then one upsert (executemany is per row).
        c.execute("CREATE TEMPORARY TABLE jp_digest_stage (household_id BIGINT, digest TEXT)")
        with c.cursor.copy("COPY jp_digest_stage (household_id, digest) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        c.execute(upsert.format("SELECT household_id, %s, %s, digest FROM jp_digest_stage"),
                  [year, rule_set])
        c.execute("DROP TABLE jp_digest_stage")


def forget(year: int, rule_set: str, area_code: str | None) -> None:
    """Drop the digests of the area (a run that keeps none screened it all anew)."""
    from jianpin.screening.features import area_bounds

    low, high = area_bounds(area_code)
    FeatureDigest.objects.filter(year=year, rule_set=rule_set, household__village_id__gte=low,
                                 household__village_id__lt=high).delete()
