"""The monitoring workbook's living conditions (户信息), planned work (计划外出务工信息) and work
periods (已外出务工信息) in the JSON-lines export, and kept through a round trip in every layout
(the national and template layouts have no such columns: re-importing them leaves them as
they are)."""
from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

import pytest
import python_calamine

from jianpin.audit.models import AuditEvent
from jianpin.registry.io import service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.models import Household, Member, VillageFacts, WorkPeriod
from jianpin.registry.tests import national_sheets as ns

pytestmark = pytest.mark.django_db
YES = {"是": True, "否": False, "": None}
N = 8


def _rows(path, name):  # type: ignore[no-untyped-def]
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name) \
        .to_python(skip_empty_area=False)
    header = [unicodedata.normalize("NFKC", "".join(str(h).split())) for h in rows[2]]
    return [dict(zip(header, r, strict=True))
            for r in rows[3:]]


@pytest.fixture
def book(tmp_path, officer):  # type: ignore[no-untyped-def]
    built = ns.build(tmp_path / "c.xlsx", N, clean=True, year=2024)
    out = service.run(built.path, user=officer, dry_run=False, year=2024)
    assert out.committed and out.errors == []
    return built


def _lines(user, unmasked: bool) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    name, data, count = do_export(user, ExportRequest(fmt="jsonl", year=2024, unmasked=unmasked))
    assert name.endswith(".jsonl") and count == N
    lines = [json.loads(x) for x in data.decode("utf-8").splitlines()]
    return {x["number"]: x for x in lines}


def test_jsonl_has_living_conditions_planned_work_and_periods(book, officer):
    lines = _lines(officer, unmasked=True)
    for row in _rows(book.path, "户信息"):
        x = lines[row["户编号"]]
        assert (x["road_hardened"], x["tap_water"], x["water_interval_ok"], x["clean_energy"],
                x["clean_energy_type"], x["dilapidated"], x["shower"], x["toilet_type"],
                x["toilet_usable"], x["toilet_indoor"], x["toilet_in_yard"],
                x["yard_beautified"]) == (
            YES[row["入户道路是否硬化"]], YES[row["是否通自来水"]], YES[row["间隔是否低于24小时"]],
            YES[row["是否使用清洁能源"]], row["使用清洁能源的类型"], YES[row["是否危房"]],
            YES[row["是否有淋浴设施"]], row["卫生厕所类型"], YES[row["卫生厕所是否能正常使用"]],
            YES[row["卫生户厕是否入室"]], YES[row["卫生户厕是否入院"]], YES[row["是否进行过庭院美化"]])
    members = {m["id_number"]: m for x in lines.values() for m in x["members"]}
    planned = {r["证件号码"][:18]: r for r in _rows(book.path, "计划外出务工信息")}
    assert planned
    for number, m in members.items():
        want = planned.get(number)
        assert (m["plans_work"], m["work_service_need"]) == (
            (True, want["就业服务需求"]) if want else (None, ""))
    migrant = _rows(book.path, "已外出务工信息")
    wanted: dict[str, list[dict]] = {}
    for r in sorted(migrant, key=lambda r: r["开始时间"]):
        end = r["结束时间"]
        wanted.setdefault(r["证件号码"][:18], []).append({
            "working": True, "county": r["务工所在县"], "channel": r["就业渠道"],
            "start": f"{r['开始时间'][:4]}-{r['开始时间'][4:]}-01",
            "end": f"{end[:4]}-{end[4:]}-01" if end else None,
            "monthly_income": str(Decimal(str(r["务工月收入"])).quantize(Decimal("0.01"))),
            "travel_subsidy": str(Decimal(str(r["年度交通费补助"])).quantize(Decimal("0.01")))})
    assert sum(len(p) for p in wanted.values()) == len(migrant) > 0
    assert {n: m["work_periods"] for n, m in members.items() if m["work_periods"]} == wanted
    assert all(m["work_periods"] == [] for n, m in members.items() if n not in wanted)


def test_masked_jsonl_keeps_the_new_fields_and_masks_the_ids(book, officer):
    plain, masked = _lines(officer, unmasked=True), _lines(officer, unmasked=False)
    for number, x in plain.items():
        y = masked[number]
        assert {k: y[k] for k in ("tap_water", "toilet_type", "clean_energy_type")} == \
            {k: x[k] for k in ("tap_water", "toilet_type", "clean_energy_type")}
        assert [(m["plans_work"], m["work_service_need"], m["work_periods"])
                for m in y["members"]] == [(m["plans_work"], m["work_service_need"],
                                            m["work_periods"]) for m in x["members"]]
        assert all(m["id_number"].endswith("*" * 12) for m in y["members"])


def _everything() -> list[list[dict]]:
    return [list(model.objects.values().order_by("id"))
            for model in (Household, Member, WorkPeriod, VillageFacts)]


@pytest.mark.parametrize("layout", ["monitoring", "national", "template"])
def test_round_trip_keeps_living_conditions_planned_work_and_periods(tmp_path, officer, book,
                                                                      layout):
    before = _everything()
    assert sum(h["tap_water"] is not None for h in before[0]) == N
    assert sum(m["plans_work"] is True for m in before[1]) == book.rows["计划外出务工信息"]
    assert len(before[2]) == book.rows["已外出务工信息"] and len(before[3]) == 1
    events = AuditEvent.objects.count()
    name, data, count = do_export(officer, ExportRequest(layout=layout, year=2024,
                                                         unmasked=True))
    (tmp_path / name).write_bytes(data)
    out = service.run(tmp_path / name, user=officer, dry_run=False, year=2024)
    assert out.errors == [] and out.committed
    assert out.households == {"new": 0, "updated": 0, "unchanged": N}
    assert out.members == {"new": 0, "updated": 0, "unchanged": count}
    assert _everything() == before
    assert AuditEvent.objects.count() == events + 1      # the export's own event, no write
    assert AuditEvent.objects.latest("id").action == "registry.export"
