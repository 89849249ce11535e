"""An import marks exactly the households it wrote, once, set-based; every other write is still
marked by the triggers, and screening incrementally after an import equals a full run."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from jianpin.registry.io import service
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx
from jianpin.screening import actions, changes
from jianpin.screening.models import ChangeClock, HouseholdChange
from jianpin.screening.tests.fixture import build
from jianpin.screening.tests.test_store import Rollback, _state

pytestmark = pytest.mark.django_db


def _import(tmp_path: Path, user: Any, hhs: list, name: str, **kw: Any) -> service.Outcome:
    header, rows = rows_of(hhs)
    for r in rows:          # no income figures to reconcile
        for column in ("家庭人口数", "人均纯收入", "家庭纯收入"):
            r[header.index(column)] = ""
    return service.run(write_xlsx(tmp_path / name, header, rows), user=user, dry_run=False, **kw)


def _marked() -> dict[str, int]:
    """Household number → mark, of every household marked."""
    numbers = dict(Household.objects.values_list("pk", "number"))
    return {numbers.get(pk, f"gone {pk}"): mark
            for pk, mark in HouseholdChange.objects.values_list("household_id", "mark")}


def _triggers() -> list[tuple[str, str]]:
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                      "WHERE tgname LIKE 'jp_mark_%%' ORDER BY tgname")
        else:
            c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                      "AND name LIKE 'jp_mark_%%' ORDER BY name")
        return [tuple(r) for r in c.fetchall()]


def _second_file(tmp_path: Path, cadre: Any, a: list, b: list, c: list, new: list,
                 name: str, **kw: Any) -> service.Outcome:
    """a's last member moves to b; c is unchanged; `new` is new."""
    mover = dict(a[-1], **{k: b[0][k] for k in b[0] if k.startswith(("hh.", "meta.", "inc."))})
    mover["m.relation"] = "其他"
    out = _import(tmp_path, cadre, [a[:-1], b + [mover], c, new], name, **kw)
    assert out.errors == []
    assert out.households == {"new": 1, "updated": 2, "unchanged": 1}
    return out


def _no_bulk_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.apps import apps

    config = apps.get_app_config("screening")
    monkeypatch.setattr(type(config), "household_bulk_writes", None)


def test_import_marks_exactly_its_households_as_the_triggers_would(
        tmp_path: Path, cadre: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c, new = [h for h in households(12) if len(h) >= 2][:4]
    _import(tmp_path, cadre, [a, b, c], "first.xlsx")
    triggers = _triggers()
    assert len(triggers) == 32     # every source's triggers (changes.TRIGGER_SOURCES)
    ChangeClock.objects.update(value=41)
    HouseholdChange.objects.all().delete()
    by_trigger: dict[str, int] = {}
    try:        # the same import with the triggers marking row by row, as before
        with transaction.atomic():
            with monkeypatch.context() as m:
                _no_bulk_hook(m)
                _second_file(tmp_path, cadre, a, b, c, new, "triggers.xlsx")
            by_trigger = _marked()
            raise Rollback
    except Rollback:
        pass
    assert HouseholdChange.objects.count() == 0
    during: list[int] = []
    _second_file(tmp_path, cadre, a, b, c, new, "second.xlsx", options=service.Options(
        after_chunk=lambda done: during.append(HouseholdChange.objects.count())))
    assert during == [0]        # the rows written left no mark: the import marks once, after
    # a (a member left it), b (the member joined it), the new one; not c, unchanged.
    expected = {a[0]["hh.number"]: 41, b[0]["hh.number"]: 41, new[0]["hh.number"]: 41}
    assert _marked() == expected
    assert by_trigger == expected
    assert _triggers() == triggers      # the same triggers, the same definitions

    # Every other write is marked by the triggers again, row or statement.
    HouseholdChange.objects.all().delete()
    ChangeClock.objects.update(value=42)
    Household.objects.filter(number=c[0]["hh.number"]).update(phone="13800000000")
    head = Member.objects.filter(household__number=new[0]["hh.number"]).first()
    assert head is not None
    head.health = "大病"
    head.save()
    assert _marked() == {c[0]["hh.number"]: 42, new[0]["hh.number"]: 42}


def test_a_failed_import_leaves_the_triggers_marking(tmp_path: Path, cadre: Any) -> None:
    a, b = [h for h in households(8) if len(h) >= 2][:2]
    triggers = _triggers()

    def crash(done: int) -> None:
        raise RuntimeError("stopped after the first batch")

    with pytest.raises(RuntimeError):
        _import(tmp_path, cadre, [a, b], "a.xlsx",
                options=service.Options(step=1, after_chunk=crash))
    assert Household.objects.count() == 0 and HouseholdChange.objects.count() == 0
    assert _triggers() == triggers
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT current_setting(%s, true)", [changes.QUIET])
            assert cur.fetchone()[0] in (None, "")
    _import(tmp_path, cadre, [a], "b.xlsx")
    Member.objects.filter(household__number=a[0]["hh.number"]).update(health="大病")
    ChangeClock.objects.update(value=7)
    Household.objects.filter(number=a[0]["hh.number"]).update(phone="13800000000")
    assert _marked() == {a[0]["hh.number"]: 7}


@pytest.mark.parametrize("engine", [None, "duckdb"])
def test_incremental_run_after_an_import_equals_a_full_run(
        tmp_path: Path, cadre: Any, engine: str | None) -> None:
    build()
    first = households(3, start=900)
    changed = [dict(m) for m in first[0]]
    changed[0]["m.education"] = "大专" if changed[0]["m.education"] != "大专" else "小学"

    def scenario(full: bool) -> list[tuple[Any, ...]]:
        steps: list[tuple[Any, ...]] = []

        def step() -> None:
            run, result = actions.run_now(rule_set=None, year=2024, area_code=None,
                                          engine=engine, full=full)
            run.refresh_from_db()
            runs = list(run.__class__.objects.order_by("pk").values_list("pk", flat=True))
            again = None if result.rescreened is None else len(result.rescreened)
            steps.append((again, run.households_screened, run.hits, run.new_warnings,
                          _state(runs)))

        try:
            with transaction.atomic():
                step()
                _import(tmp_path, cadre, first, f"new-{full}.xlsx")
                step()
                _import(tmp_path, cadre, [changed, *first[1:]], f"changed-{full}.xlsx")
                step()
                raise Rollback
        except Rollback:
            pass
        return steps

    full = scenario(True)
    incremental = scenario(False)
    # The three new households, then the one whose head's education changed.
    assert [s[0] for s in incremental] == [None, 3, 1]
    assert [s[1:4] for s in incremental] == [s[1:4] for s in full]
    for (*_, full_state), (*_, inc_state) in zip(full, incremental, strict=True):
        assert [w[:-1] for w in inc_state] == [w[:-1] for w in full_state]


def _schema_version() -> int | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as c:
        c.execute("PRAGMA schema_version")
        return int(c.fetchone()[0])


def test_an_import_that_writes_nothing_leaves_the_triggers_alone(tmp_path: Path,
                                                                 cadre: Any) -> None:
    a, b = [h for h in households(8) if len(h) >= 2][:2]
    _import(tmp_path, cadre, [a, b], "first.xlsx")
    ChangeClock.objects.update(value=5)
    HouseholdChange.objects.all().delete()
    triggers, version = _triggers(), _schema_version()
    out = _import(tmp_path, cadre, [a, b], "again.xlsx")
    assert out.committed and out.households == {"new": 0, "updated": 0, "unchanged": 2}
    # SQLite: no trigger dropped and created again (each would bump the schema version and
    # make every other connection prepare its statements anew)
    assert _schema_version() == version
    assert _triggers() == triggers
    assert HouseholdChange.objects.count() == 0
    # one change: the triggers are set aside for it, put back, and its household marked once
    changed = [dict(m) for m in a]
    changed[0]["m.health"] = "大病" if changed[0]["m.health"] != "大病" else "健康"
    out = _import(tmp_path, cadre, [changed, b], "changed.xlsx")
    assert out.households == {"new": 0, "updated": 1, "unchanged": 1}
    assert _triggers() == triggers
    assert _marked() == {a[0]["hh.number"]: 5}
