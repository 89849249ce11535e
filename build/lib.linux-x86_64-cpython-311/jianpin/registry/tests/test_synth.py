"""The fast generator (registry.synth): rows that agree with themselves and the registry's rules."""
from __future__ import annotations

import json
from collections import Counter

import duckdb
import pytest
from django.db.models import JSONField

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, OTHER_COUNTY
from jianpin.kernel.ids import parse
from jianpin.registry import codes, income, synth
from jianpin.registry.models import Household, IncomeRecord, Member, WorkPeriod

pytestmark = pytest.mark.django_db
N = 400


@pytest.fixture
def generated() -> dict[str, int]:
    return synth.generate(N, COUNTY, seed=5)


def test_counts_and_audit(generated: dict[str, int]) -> None:
    assert generated == {"households": N, "members": Member.objects.count(),
                         "incomes": IncomeRecord.objects.count(),
                         "work_periods": WorkPeriod.objects.count()}
    assert generated["work_periods"] == 171
    assert generated["incomes"] == N * 12
    assert Household.objects.filter(village__prefix__startswith="441424").count() == N
    event = AuditEvent.objects.get(action="registry.generate")
    assert (event.region_code, event.diff["households"]) == (COUNTY, N)


def test_members_agree_with_their_id_numbers(generated: dict[str, int]) -> None:
    for m in Member.objects.all():
        rid = parse(m.id_number)      # raises on a bad check digit or date
        assert (rid.birth_date, rid.sex) == (m.birth_date, m.sex)
        assert m.id_number.startswith("441424")
    heads = Counter(Member.objects.filter(relation=codes.Relation.HEAD).values_list(
        "household_id", flat=True))
    assert set(heads.values()) == {1} and len(heads) == N


def test_household_facts_follow_members(generated: dict[str, int]) -> None:
    for hh in Household.objects.prefetch_related("members"):
        members = list(hh.members.all())
        assert hh.size == len(members)
        assert hh.head_name == next(m.name for m in members if m.relation == codes.Relation.HEAD)
        with_labour = [m for m in members if m.labour_ability in codes.WITH_LABOUR]
        if hh.attribute == codes.Attribute.TEKUN:
            assert len(members) == 1 and not with_labour
        assert all(m.dibao == (hh.attribute == codes.Attribute.DIBAO) for m in members)
        if codes.RiskType.NO_LABOUR in hh.risk_types:
            assert not with_labour
        if codes.RiskType.DISABILITY in hh.risk_types:
            assert any(m.health == codes.Health.DISABLED for m in members)
        assert bool(hh.risk_types) == bool(hh.monitoring_kind)
        assert (hh.identified_on is not None) == bool(hh.main_cause)
        if hh.monitoring_kind == codes.MonitoringKind.UNSTABLE:
            assert hh.status == codes.HouseholdStatus.EXITED and hh.exited_on is not None
        for m in members:
            if m.work_status:
                assert m.labour_ability in codes.WITH_LABOUR and m.work_months >= 6


def test_income_totals_are_the_registry_computation(generated: dict[str, int]) -> None:
    for r in IncomeRecord.objects.all():
        totals = income.compute({f: getattr(r, f) for f in income.INCOME_FIELDS}, r.persons)
        assert (r.transfer_income, r.net_income, r.per_capita_net, r.rigid_spending) == (
            totals.transfer_income, totals.net_income, totals.per_capita_net,
            totals.rigid_spending)
        assert min(getattr(r, f) for f in income.INCOME_FIELDS) >= 0


def test_shares_make_monitoring_work(generated: dict[str, int]) -> None:
    kinds = Counter(Household.objects.values_list("monitoring_kind", flat=True))
    statuses = Counter(Household.objects.values_list("status", flat=True))
    assert 0.15 < statuses[codes.HouseholdStatus.EXITED] / N < 0.28
    assert 0.03 < (N - kinds[""]) / N < 0.09
    low = IncomeRecord.objects.filter(year=2025, per_capita_net__lt=8000).count()
    assert 0.02 < low / N < 0.3      # some households near the monitoring line, most well above


def test_a_non_empty_area_is_refused(generated: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        synth.generate(10, COUNTY)
    assert Household.objects.count() == N


def test_same_seed_same_rows_in_parquet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = synth.write_parquet(300, OTHER_COUNTY, tmp_path / "a", seed=9)
    b = synth.write_parquet(300, OTHER_COUNTY, tmp_path / "b", seed=9)
    synth.write_parquet(300, OTHER_COUNTY, tmp_path / "c", seed=10)
    assert a == b and a["households"] == 300
    con = duckdb.connect()

    def rows(folder: str, table: str) -> list[tuple[object, ...]]:
        return con.execute(f"SELECT * EXCLUDE (created_at, updated_at) FROM "
                           f"'{tmp_path / folder / table}.parquet' ORDER BY ALL").fetchall()

    for table in ("households", "members", "incomes"):
        assert rows("a", table) == rows("b", table)
    assert rows("a", "members") != rows("c", "members")
    assert Household.objects.count() == 0     # Parquet output writes nothing to the database


def test_database_holds_the_drawn_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The load (COPY of DuckDB's CSV on PostgreSQL, executemany on SQLite) changes no value:
    the database holds what DuckDB drew into Parquet for the same seed (ids, decimals, dates,
    blanks and NULLs included; only the load's timestamps and the members' and incomes' own
    ids, given by the database, are left out)."""
    counts = synth.generate(300, OTHER_COUNTY, seed=9)
    assert synth.write_parquet(300, OTHER_COUNTY, tmp_path, seed=9) == counts
    con = duckdb.connect()
    for table, model in (("households", Household), ("members", Member),
                         ("incomes", IncomeRecord)):
        fields = [f for f in model._meta.concrete_fields
                  if f.attname not in ("created_at", "updated_at")
                  and (model is Household or not f.primary_key)]
        drawn = con.execute(f"SELECT {', '.join(str(f.column) for f in fields)} "
                            f"FROM '{tmp_path / table}.parquet'").fetchall()
        stored = list(model.objects.values_list(*(f.attname for f in fields)))
        assert len(stored) == counts[table]
        jsons = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
        assert jsons or model is not Household
        assert (Counter(_plain(r, jsons, parsed=True) for r in stored)
                == Counter(_plain(r, jsons, parsed=False) for r in drawn)), table


def _plain(row: tuple[object, ...], jsons: list[int], parsed: bool) -> tuple[object, ...]:
    """JSON values (parsed from the database, text in Parquet) as one canonical text."""
    return tuple(json.dumps(v if parsed else json.loads(str(v)), ensure_ascii=False,
                            sort_keys=True) if i in jsons else v for i, v in enumerate(row))
