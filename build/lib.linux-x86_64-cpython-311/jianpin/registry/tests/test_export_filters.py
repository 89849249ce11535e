"""导出当前结果 exports exactly the households the list shows, every filter included."""
from __future__ import annotations

import csv
import html
import io
import re

import pytest

from jianpin.conftest import PASSWORD, VILLAGE
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def test_export_link_keeps_attribute_and_cause_filters(client, officer):
    make_household(VILLAGE, head_name="甲", attribute="低保户", main_cause="因病")
    make_household(VILLAGE, head_name="乙", attribute="低保户", main_cause="因学")
    make_household(VILLAGE, head_name="丙", attribute="一般户", main_cause="因病")
    client.login(username=officer.username, password=PASSWORD)
    page = client.get("/registry/households/", {"attribute": "低保户", "cause": "因病"})
    assert [h.head_name for h in page.context["page"]] == ["甲"]
    link = html.unescape(re.search(r'href="(/registry/export/\?[^"]*)"', page.content.decode())[1])
    form = client.get(link)
    assert form.context["params"]["attribute"] == "低保户"
    assert form.context["params"]["main_cause"] == "因病"
    body = form.content.decode()
    assert '<option value="低保户" selected>' in body and '<option value="因病" selected>' in body
    params = {**form.context["params"].dict(), "download": "1", "format": "csv",
              "per": "household"}
    data = client.get("/registry/export/", params).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    names = [row[rows[0].index("户主姓名")] for row in rows[1:] if row]
    assert names == ["甲"]
