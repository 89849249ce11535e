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

from django.db import connection

from jianpin.rules.ruleset import Rule
from jianpin.screening.models import FeatureDigest

KEEP = "jp_rescreen"


def rules_seed(rules: Sequence[Rule]) -> bytes:
    """A fingerprint of the rules: any edit to a rule changes every household's digest."""
    text = json.dumps(sorted((r.code, r.name, r.severity, r.category, r.flag, r.condition)
                             for r in rules), ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def digests(table: str, rules: Sequence[Rule]) -> dict[int, str]:
    """The current digest of every household in the feature table.

    PostgreSQL hashes each row itself (md5 of its values as text), so only the digests cross
    to Python; SQLite's text casts are slower than fetching the values and hashing them here.
    """
    cols = ["household_number", "village_code", *sorted({f for r in rules for f in r.features})]
    seed = rules_seed(rules)
    if connection.vendor == "postgresql":
        text = ", ".join(f"COALESCE(CAST({c} AS TEXT), '~')" for c in cols)
        sql = f"SELECT household_id, md5(concat_ws('|', %s, {text})) FROM {table}"
        params: list[str] = [seed.hex()]
    else:
        sql, params = f"SELECT household_id, {', '.join(cols)} FROM {table}", []
    out: dict[int, str] = {}
    with connection.cursor() as c:
        c.execute(sql, params)
        while rows := c.fetchmany(50_000):
            for row in rows:
                if params:
                    out[int(row[0])] = str(row[1])
                else:
                    # marshal version 2 writes no back-references: equal rows, equal bytes.
                    data = seed + marshal.dumps(tuple(row[1:]), 2)
                    out[int(row[0])] = hashlib.blake2b(data, digest_size=16).hexdigest()
    return out


def changed(current: dict[int, str], year: int, rule_set: str, low: str,
            high: str) -> list[int]:
    """Households of the area whose digest differs from the stored one (or has none)."""
    stored = dict(FeatureDigest.objects.filter(
        year=year, rule_set=rule_set, household__village_id__gte=low,
        household__village_id__lt=high).values_list("household_id", "digest"))
    return sorted(i for i, d in current.items() if stored.get(i) != d)


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
