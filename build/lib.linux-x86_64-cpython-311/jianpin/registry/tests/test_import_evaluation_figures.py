"""The evaluation files of every layout measured in one place: planted defects caught, false
errors (reported where nothing was planted), and how much of each clean twin commits. Run with
`-s` to print the table (the figures the issue notes report)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jianpin.registry.io import service
from jianpin.registry.models import Household, Member
from jianpin.registry.tests import national_files as nf
from jianpin.registry.tests import national_sheets as ns

pytestmark = pytest.mark.django_db

# name → (builder, households, how a finding is keyed)
FILES: dict[str, tuple[Callable[..., Any], int, bool]] = {
    "national 建档立卡 (2014-2020)": (nf.national, 60, False),
    "monitoring 监测对象信息 (2021-)": (nf.monitoring, 60, False),
    "county table, held out": (nf.county_full, 300, False),
    "county workbook + 4 side sheets": (ns.build, 60, True),
}


def _found(out: service.Outcome, by_sheet: bool) -> set[tuple]:
    return {(e["sheet"], e["row"], e["code"]) if by_sheet else (e["row"], e["code"])
            for e in out.errors}


@pytest.mark.parametrize("name", list(FILES))
def test_evaluation_file_figures(tmp_path, cadre, name):
    build, n, by_sheet = FILES[name]
    planted = build(tmp_path / "d.xlsx", n)
    found = _found(service.run(planted.path, user=cadre, dry_run=True), by_sheet)
    clean = build(tmp_path / "c.xlsx", n, clean=True)
    out = service.run(clean.path, user=cadre, dry_run=False)
    rows = getattr(clean, "rows", None)
    members = clean.members if isinstance(rows, dict) else rows
    figures = {"planted": len(planted.planted), "caught": len(found & planted.planted),
               "false errors": len(found - planted.planted),
               "twin households": f"{Household.objects.count()}/{n}",
               "twin members": f"{Member.objects.count()}/{members}",
               "twin errors": len(out.errors)}
    print(f"\n{name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    assert figures["caught"] == figures["planted"] > 0
    assert (figures["false errors"], figures["twin errors"]) == (0, 0)
    assert (Household.objects.count(), Member.objects.count()) == (n, members)
