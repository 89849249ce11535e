"""A village's yearly figures (行政村信息 → VillageFacts) are locked by the data approval of that
year, as the village's incomes of the year are: a refused import (preview or commit) changes
nothing, and says what a form edit of a locked income says."""
from __future__ import annotations

from decimal import Decimal

import pytest
import python_calamine
import xlsxwriter

from jianpin.audit.models import AuditEvent
from jianpin.conftest import TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry import actions
from jianpin.registry.import_actions import do_import_village_facts
from jianpin.registry.io import service
from jianpin.registry.io.models import ImportBatch
from jianpin.registry.models import Household, VillageFacts
from jianpin.registry.tests import national_sheets as ns

pytestmark = pytest.mark.django_db


def _with_people(source_path, path, people: int):  # type: ignore[no-untyped-def]
    """The same workbook with the first 行政村信息 row's 总人口数 changed."""
    source = python_calamine.CalamineWorkbook.from_path(str(source_path))
    book = xlsxwriter.Workbook(str(path))
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "行政村信息":
            col = ["".join(str(h).split()) for h in rows[2]].index("总人口数")
            rows[3][col] = people
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    book.close()
    return path


def _facts() -> list[tuple]:
    return list(VillageFacts.objects.values_list(
        "village_id", "year", "people", "households", "updated_at").order_by("id"))


def _state() -> tuple:
    return (_facts(), AuditEvent.objects.count(), ImportBatch.objects.count(),
            list(Household.objects.values_list("number", "version").order_by("number")))


def test_village_figures_of_an_approved_year_are_refused_and_nothing_changes(tmp_path, cadre):
    from jianpin.workflows.models import DataApproval

    book = ns.build(tmp_path / "c.xlsx", 4, clean=True, year=2024)
    assert service.run(book.path, user=cadre, dry_run=False, year=2024).committed
    assert [(f[0], f[1], f[2]) for f in _facts()] == [(VILLAGE, 2024, 1530)]
    changed = _with_people(book.path, tmp_path / "changed.xlsx", 1600)
    approval = DataApproval.objects.create(region_id=TOWNSHIP, period="2024", status="approved")
    hh = Household.objects.filter(village_id=VILLAGE).first()
    with pytest.raises(DomainError) as form_edit:        # the same year's income, by a form
        actions.do_record_income(cadre, hh, 2024, {"wage_income": "1.00"})
    before = _state()
    for dry_run in (True, False):
        with pytest.raises(DomainError) as imported:
            service.run(changed, user=cadre, dry_run=dry_run, year=2024)
        assert (imported.value.code, imported.value.message) == (
            "locked", form_edit.value.message) == (
            "locked", "2024年12月数据已审批锁定，须由上级撤销审批后才能修改")
    with pytest.raises(DomainError) as direct:           # the action itself, without the preview
        do_import_village_facts(cadre, 2024, {VILLAGE: {"people": 1600}})
    assert direct.value.code == "locked"
    assert _state() == before
    assert VillageFacts.objects.get().people == 1530

    # another year's approval does not lock 2024's figures; without the lock the change is written
    approval.period = "2023"
    approval.save()
    out = service.run(changed, user=cadre, dry_run=False, year=2024)
    assert out.committed and out.side["villages"] == {"new": 0, "updated": 1, "unchanged": 0,
                                                      "unmatched": 0}
    facts = VillageFacts.objects.get()
    assert (facts.people, facts.households, facts.collective_income) == (1600, 412,
                                                                          Decimal("12.60"))
    event = AuditEvent.objects.filter(action="registry.village_facts.import").latest("id")
    assert (event.diff["before"]["people"], event.diff["after"]["people"]) == (1530, 1600)


def test_an_unchanged_village_row_is_not_refused_by_a_lock(tmp_path, cadre):
    """Only a change is a write: the same figures again pass an approved year."""
    from jianpin.workflows.models import DataApproval

    book = ns.build(tmp_path / "c.xlsx", 3, clean=True, year=2024)
    assert service.run(book.path, user=cadre, dry_run=False, year=2024).committed
    DataApproval.objects.create(region_id=TOWNSHIP, period="2024", status="approved")
    facts = _facts()
    out = service.run(book.path, user=cadre, dry_run=False, year=2024)
    assert out.committed and out.side["villages"] == {"new": 0, "updated": 0, "unchanged": 1,
                                                      "unmatched": 0}
    assert _facts() == facts
