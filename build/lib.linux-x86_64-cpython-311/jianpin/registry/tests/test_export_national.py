"""`jianpin export` and the monitoring layout: masking as on the page, round trips, JSON lines."""
from __future__ import annotations

import json
from io import StringIO

import pytest
import python_calamine
from django.core.management import call_command
from django.core.management.base import CommandError

from jianpin.conftest import COUNTY, VILLAGE
from jianpin.registry.io import service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.models import Household, Member
from jianpin.registry.tests import national_files as nf
from jianpin.registry.tests.io_helpers import assert_export_reimports_unchanged

pytestmark = pytest.mark.django_db
N = 12


@pytest.fixture
def monitored(tmp_path, officer):  # type: ignore[no-untyped-def]
    built = nf.monitoring(tmp_path / "in.xlsx", N, clean=True)
    out = service.run(built.path, user=officer, dry_run=False, year=2023)
    assert out.committed
    return built


@pytest.mark.parametrize("layout", ["monitoring", "national", "template"])
def test_round_trip_of_a_monitoring_import_changes_nothing(tmp_path, officer, monitored, layout):
    assert assert_export_reimports_unchanged(tmp_path, officer, layout, 2023, N) == monitored.rows


def test_monitoring_export_writes_risks_elimination_and_masks_phones(tmp_path, officer,
                                                                     monitored):
    name, data, _ = do_export(officer, ExportRequest(layout="monitoring", year=2023))
    (tmp_path / name).write_bytes(data)
    rows = python_calamine.CalamineWorkbook.from_path(str(tmp_path / name)) \
        .get_sheet_by_index(0).to_python()
    header = rows[1]
    body = [dict(zip(header, r, strict=False)) for r in rows[2:]]
    hh = Household.objects.get(number=f"{nf.VILLAGE}0000006")
    mine = [r for r in body if r["户编号"] == hh.number]
    assert mine[0]["致贫/返贫风险1"] == hh.risk_types[0]
    assert mine[0]["风险是否已消除"] == "是"
    assert mine[0]["风险消除方式"] == hh.elimination_method
    assert mine[0]["户联系电话"] == hh.phone[:3] + "****" + hh.phone[-4:]
    head = hh.members.get(relation="本人")
    assert mine[0]["户主证件号码"] == head.id_number[:6] + "*" * 12
    assert all(hh.phone not in str(v) for r in body for v in r.values())


def test_export_command_jsonl_masks_for_the_default_county_officer(tmp_path, officer,
                                                                   monitored):
    target = tmp_path / "out.jsonl"
    out = StringIO()
    call_command("export_households", "--area", VILLAGE, "--format", "jsonl", "--year", "2023",
                 "-o", str(target), stdout=out)
    assert out.getvalue().strip() == f"已导出 {N} 条记录到 {target}（officer）"
    lines = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == N
    six = next(x for x in lines if x["number"] == f"{nf.VILLAGE}0000006")
    hh = Household.objects.get(number=six["number"])
    assert six["monitoring_kind"] == hh.monitoring_kind and six["risk_types"] == hh.risk_types
    assert six["risk_eliminated"] is True and six["elimination_method"] == hh.elimination_method
    assert six["income"]["year"] == 2023
    assert six["income"]["per_capita_net"] == str(hh.incomes.get(year=2023).per_capita_net)
    assert len(six["members"]) == hh.members.count()
    assert all("*" in m["id_number"] for x in lines for m in x["members"])
    # the year only: a full birth date beside the area code would rebuild the ID
    births = {m.id_number[:6] + "*" * 12 + m.name: m.birth_date for m in Member.objects.all()}
    assert all(m["birth_date"] == births[m["id_number"] + m["name"]].year
               for x in lines for m in x["members"])
    assert "*" in six["phone"]


def test_export_command_unmasked_needs_the_right(tmp_path, officer, auditor, monitored):
    target = tmp_path / "auditor.csv"
    call_command("export_households", "--area", COUNTY, "--format", "csv", "--user", "auditor",
                 "--unmasked", "-o", str(target), stdout=StringIO())
    text = target.read_text(encoding="utf-8-sig")
    assert Member.objects.count() == monitored.rows
    assert all(m.id_number not in text and m.id_number[:6] + "*" * 12 in text
               for m in Member.objects.all())
    with pytest.raises(CommandError):
        call_command("export_households", "--area", "999999999999", stdout=StringIO())


def test_export_page_offers_monitoring_layout_and_jsonl(client, officer, monitored):
    from django.urls import reverse

    from jianpin.conftest import PASSWORD

    client.login(username="officer", password=PASSWORD)
    page = client.get(reverse("registry:export")).content.decode()
    assert 'value="monitoring"' in page and 'value="jsonl"' in page
    resp = client.get(reverse("registry:export"), {"download": "1", "format": "jsonl",
                                                   "year": "2023", "layout": "monitoring"})
    assert resp["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = resp.content.decode().splitlines()
    assert len(lines) == N and all("*" in json.loads(x)["phone"] for x in lines)


def test_cli_import_monitoring_json_then_export(tmp_path, officer):
    from jianpin.cli import ALIASES

    assert (ALIASES["import"], ALIASES["export"]) == ("import_households", "export_households")
    built = nf.monitoring(tmp_path / "m.xlsx", 4, clean=True)
    out = StringIO()
    call_command("import_households", str(built.path), "--json", "--user", "officer",
                 "--quiet", stdout=out)
    contract = json.loads(out.getvalue().strip().splitlines()[-1])
    assert contract["layout"] == "monitoring" and contract["committed"] is True
    assert contract["households"] == {"new": 4, "updated": 0, "unchanged": 0}
    assert "就业帮扶" in contract["unmapped"]["columns"]["监测对象信息"]
    call_command("export_households", "--area", VILLAGE, "--layout", "monitoring", "--format",
                 "csv", "-o", str(tmp_path / "out.csv"), stdout=StringIO())
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("县,乡,村,户编号,户主姓名,人编号")
    assert len(text.splitlines()) == 1 + built.rows
