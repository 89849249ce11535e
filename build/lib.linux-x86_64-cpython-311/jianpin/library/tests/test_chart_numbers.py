"""Uploaded chart tables: whole numbers stay integers (18, never 18.0) on the page, in the chart
data and in the CSV download; a decimal a CSV writes is kept (18.0, 1.75)."""
from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.test import Client

from jianpin.library import actions
from jianpin.library.models import ChartTable
from jianpin.library.tests.factories import make_document

pytestmark = pytest.mark.django_db

HEADER = ["年份", "贫困人口（万人）", "贫困发生率（%）"]


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in [(2018, 18, 1.7), (2019, 7, 0.6), (2020, 0, 18.0), (2021, 1234567, 12.25)]:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CSV = "年份,贫困人口（万人）,贫困发生率（%）\n2018,18,1.70\n2019,\"1,234\",18.0\n2020,0,NaN\n"


def _login(client: Client, editor) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(editor)
    return client


def test_xlsx_integers_stay_integers(client: Client, editor) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(None, title="贫困人口数据图表")
    actions.do_set_chart_table(editor, doc, "贫困人口.xlsx", _xlsx())
    table = ChartTable.objects.get(document=doc)
    assert table.header == HEADER
    assert table.rows == [[2018, 18, 1.7], [2019, 7, 0.6], [2020, 0, 18], [2021, 1234567, 12.25]]
    assert [type(c) for c in table.rows[2]] == [int, int, int]
    page = _login(client, editor).get(f"/library/doc/{doc.pk}/").content.decode()
    assert "<td>18</td>" in page and "18.0" not in page and "<td>1234567</td>" in page
    data = json.loads(page.split('<script id="table-data" type="application/json">')[1]
                      .split("</script>")[0])
    assert data["series"][0]["data"] == [18, 7, 0, 1234567]
    assert data["series"][1]["data"] == [1.7, 0.6, 18, 12.25]
    download = client.get(f"/library/doc/{doc.pk}/chart.csv").content.decode("utf-8-sig")
    assert download.splitlines() == ["年份,贫困人口（万人）,贫困发生率（%）", "2018,18,1.7",
                                     "2019,7,0.6", "2020,0,18", "2021,1234567,12.25"]


def test_csv_decimals_are_kept_as_written(client: Client, editor) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(None, title="贫困发生率数据图表")
    actions.do_set_chart_table(editor, doc, "发生率.csv", CSV.encode("utf-8"))
    table = ChartTable.objects.get(document=doc)
    assert table.rows == [[2018, 18, 1.7], [2019, 1234, 18.0], [2020, 0, "NaN"]]
    assert [type(c) for c in table.rows[1]] == [int, int, float]
    download = client.get(f"/library/doc/{doc.pk}/chart.csv").content.decode("utf-8-sig")
    assert download.splitlines()[1:] == ["2018,18,1.7", "2019,1234,18.0", "2020,0,NaN"]
