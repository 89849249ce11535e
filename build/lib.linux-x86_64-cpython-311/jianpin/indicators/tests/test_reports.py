"""Reports from the snapshot of the small county of `fixture` (2025), worked by hand:
水寨镇 monitored 2 households (A2 with a helper, B1 without), 河东镇 1 (C1 with a helper)."""
from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, OTHER_COUNTY, SIBLING_TOWNSHIP, TOWNSHIP, VILLAGE
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.models import Report
from jianpin.indicators.report_content import build
from jianpin.indicators.reports import do_request_report, path_of
from jianpin.indicators.tests import fixture
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.models import Region
from jianpin.workflows.tests.test_pdf_fonts import _fonts

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot() -> None:
    fixture.build()
    do_refresh(None, fixture.YEAR, None)


@pytest.mark.usefixtures("snapshot")
def test_monthly_monitoring_report_by_township() -> None:
    doc = build("monitoring_monthly", Region.objects.get(code=COUNTY), 2025, 3)
    assert doc.title == "五华县2025年3月监测对象月报"
    table = doc.sections[0]
    assert table.headers[:3] == ["区域", "监测对象户数（户）", "监测对象人数（人）"]
    names = {r[0]: r for r in table.rows}
    township = Region.objects.get(code=TOWNSHIP).name
    other = Region.objects.get(code=SIBLING_TOWNSHIP).name
    # households, persons, unstable, marginal, sudden, coverage %, under line %, problems
    assert names[township][1:7] == ["2", "6", "1", "1", "0", "50.00"]
    assert names[other][1:7] == ["1", "2", "0", "0", "1", "100.00"]
    assert table.total is not None and table.total[1:7] == ["3", "8", "1", "1", "1", "66.67"]


@pytest.mark.usefixtures("snapshot")
def test_incidence_by_village_and_coverage() -> None:
    doc = build("incidence_by_village", Region.objects.get(code=TOWNSHIP), 2025, None)
    rows = {r[0]: r for r in doc.sections[0].rows}
    village = Region.objects.get(code=VILLAGE).name
    assert rows[village] == [village, "6", "3", "50.00", "否"]
    assert doc.sections[0].total == ["合计", "15", "7", "46.67", "否"]
    cover = build("assistance_coverage", Region.objects.get(code=COUNTY), 2025, None)
    assert cover.sections[0].total == ["合计", "3", "2", "1", "66.67"]


@pytest.mark.usefixtures("snapshot")
def test_reports_are_jobs_kept_for_download(officer, django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
                                            settings) -> None:
    settings.JOBS_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        xlsx = do_request_report(officer, kind="county_annual", region_code=COUNTY, year=2025,
                                 month=None, fmt="xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        pdf = do_request_report(officer, kind="monitoring_monthly", region_code=TOWNSHIP,
                                year=2025, month=4, fmt="pdf")
    xlsx.refresh_from_db()
    pdf.refresh_from_db()
    path = path_of(xlsx)
    assert path is not None and path.stat().st_mode & 0o777 == 0o600
    book = load_workbook(path)
    first = book.worksheets[0]
    assert first["A1"].value == "五华县2025年度巩固拓展脱贫攻坚成果监测统计报告"
    values = {first.cell(r, 1).value: first.cell(r, 2).value for r in range(5, first.max_row + 1)}
    assert (values["建档农户数"], values["贫困发生率"]) == ("7", "50.00")
    raw = path_of(pdf).read_bytes()  # type: ignore[union-attr]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
    assert "水寨镇2025年4月监测对象月报" in text.replace("\n", "")
    assert _fonts(raw)[1] == {"/FontFile2"}  # the Chinese font is embedded, not only named
    assert AuditEvent.objects.filter(action="indicators.report.request").count() == 2
    client = Client()
    client.force_login(officer)
    got = client.get(f"/indicators/reports/{xlsx.pk}/download/")
    assert got.status_code == 200 and got["Cache-Control"] == "no-store"
    assert "五华县2025年度" in client.get("/indicators/reports/").content.decode()


@pytest.mark.usefixtures("snapshot")
def test_reports_stay_in_the_area(officer, reviewer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        do_request_report(officer, kind="county_annual", region_code=OTHER_COUNTY, year=2025,
                          month=None, fmt="pdf")
    with pytest.raises(PermissionDenied):
        do_request_report(reviewer, kind="county_annual", region_code=COUNTY, year=2025,
                          month=None, fmt="pdf")
    with pytest.raises(DomainError, match="县级年度报告按县级区域生成"):
        do_request_report(officer, kind="county_annual", region_code=TOWNSHIP, year=2025,
                          month=None, fmt="pdf")
    assert not Report.objects.exists()
    other = Report.objects.create(kind="county_annual", region_id=OTHER_COUNTY, year=2025,
                                  format="pdf", file_name="x.pdf")
    client = Client()
    client.force_login(officer)
    assert client.get(f"/indicators/reports/{other.pk}/download/").status_code == 404
