"""Entry points: `generate` into the application's database, `write_parquet` into a folder."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from jianpin.audit.actions import record
from jianpin.registry.bulkwrites import household_bulk_writes
from jianpin.registry.models import Household, IncomeRecord, Member, WorkPeriod
from jianpin.registry.synth import bulk, frame, households, incomes, load, work
from jianpin.registry.synth.villages import villages_under

Progress = Callable[[str, int], None]
AUDIT_ACTION = "registry.generate"
DECIMAL_FEN = "CAST(CAST(({}) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(12, 2))"


def _spec(n: int, seed: int, area_code: str, base_id: int, first_year: int,
          part: tuple[int, int] = (0, 1), member_base: int = 1) -> frame.Spec:
    k, parts = part
    return frame.Spec(households=n, seed=seed, villages=villages_under(area_code)[k::parts],
                      base_id=base_id, first_year=first_year, part=k, parts=parts,
                      member_base=member_base)


def _params(spec: frame.Spec, now: Any) -> dict[str, Any]:
    return {"now": now, "seed": spec.draw_seed, "first_year": spec.first_year,
            "last_year": spec.last_year}


def _tables() -> list[tuple[str, str, type[Any], bool]]:
    return [("households", households.HOUSEHOLDS, Household, True),
            ("members", households.MEMBERS, Member, True),
            ("incomes", incomes.incomes_sql(DECIMAL_FEN), IncomeRecord, False),
            ("work_periods", work.WORK_PERIODS, WorkPeriod, False)]


def generate(households_: int, area_code: str, seed: int = 441424, *,
             first_year: int = frame.YEARS[0], progress: Progress | None = None,
             bulk_mode: bool = True, part: tuple[int, int] = (0, 1)) -> dict[str, int]:
    """Add `households_` households with members and yearly incomes to the villages under
    `area_code`, which must hold no households yet; return row counts per table.

    `part=(k, n)` fills piece k of n of the area instead: every n-th village from the k-th,
    drawn with seed + k, ID numbers kept apart from the other pieces'. Calling it for k = 0..n-1
    (same seed) fills a large area in pieces, each drawn in a fraction of the memory.

    Into an empty registry the load runs in bulk mode (`synth.bulk`: indexes and constraints
    rebuilt after the load, in the same transaction; on PostgreSQL the foreign keys to the
    division tree checked once, set-based, where allowed: `synth.keys`). In bulk mode the other
    apps' row triggers (screening's change marks) are set aside too and replaced by one
    statement each, as for an import (`registry.bulkwrites`). `bulk_mode=False` keeps indexes,
    constraints and triggers throughout (the benchmark's baseline)."""
    villages = [v.code for v in villages_under(area_code)[part[0]::part[1]]]
    if Household.objects.filter(village_id__in=villages).exists():
        raise ValueError(f"区划 {area_code} 下已有农户，生成数据只用于空白区域")
    sqlite = connection.vendor == "sqlite"
    now = timezone.now()
    stamp: Any = connection.ops.adapt_datetimefield_value(now) if sqlite else now
    counts: dict[str, int] = {}
    models_ = (Household, Member, IncomeRecord) if bulk_mode else ()
    with bulk.unsynced(*models_), transaction.atomic():
        if not sqlite:
            with connection.cursor() as cursor:   # ids below are taken explicitly
                cursor.execute(f"LOCK TABLE {Household._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
                if bulk_mode:   # one commit at the end: its WAL flush need not be waited for
                    cursor.execute("SET LOCAL synchronous_commit = off")
        base = (Household.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        member_base = (Member.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        spec = _spec(households_, seed, area_code, base, first_year, part, member_base)
        con = frame.connect(spec)
        params = _params(spec, stamp)
        jobs = [load.Job(name, load.select_for(con, sql, _used(params, sql), model, with_id, sqlite),
                         _used(params, sql), model, with_id,
                         _year_parts(spec) if name == "incomes" else ())
                for name, sql, model, with_id in _tables()]
        with household_bulk_writes() as followers:
            if bulk_mode:   # the load adds households from `base` on, with their members and
                followers.wrote_from(base)      # incomes: marked in one statement at the end
            with bulk.deferred_indexes(*models_, quiet=followers.quiet()):
                if sqlite:
                    for job in jobs:
                        counts[job.name] = load.to_database(con, job.select, job.params, job.model,
                                                            job.with_id)
                        if progress:
                            progress(job.name, counts[job.name])
                else:
                    counts = load.copy_all(con, jobs, progress)
        con.close()
        load.reset_sequences(Household, Member, IncomeRecord)
        record(None, AUDIT_ACTION, region_code=area_code,
               diff={"seed": seed, "first_year": first_year, **counts})
    return counts


def write_parquet(households_: int, area_code: str, folder: Path, seed: int = 441424, *,
                  progress: Progress | None = None) -> dict[str, int]:
    """Write households.parquet, members.parquet and incomes.parquet (the registry's columns)
    into `folder`; the database is only read (for the villages)."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = _spec(households_, seed, area_code, 1, frame.YEARS[0])
    now = timezone.now()
    con = frame.connect(spec)
    params = _params(spec, now)
    counts = {}
    for name, sql, model, with_id in _tables():
        select = load.select_for(con, sql, _used(params, sql), model, with_id, sqlite=False)
        counts[name] = load.to_parquet(con, select, _used(params, sql), folder / f"{name}.parquet")
        if progress:
            progress(name, counts[name])
    con.close()
    return counts


def _year_parts(spec: frame.Spec, years_per_part: int = 3) -> list[dict[str, int]]:
    """Income years in parts, so the next part is drawn while the last one loads."""
    return [{"first_year": y, "last_year": min(y + years_per_part - 1, spec.last_year)}
            for y in range(spec.first_year, spec.last_year + 1, years_per_part)]


def _used(params: dict[str, Any], sql: str) -> dict[str, Any]:
    return {k: v for k, v in params.items() if f"${k}" in sql}

