"""The 行政村信息 figures a county workbook brings are shown on the village's record page of
that year, in Chinese and in English; a user outside the village's area sees nothing."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.registry.io import service
from jianpin.registry.models import VillageFacts
from jianpin.registry.tests import national_sheets as ns

pytestmark = pytest.mark.django_db


def test_imported_village_figures_show_on_the_record_page(tmp_path, cadre, officer):  # type: ignore[no-untyped-def]
    book = ns.build(tmp_path / "c.xlsx", 3, clean=True, year=2024)
    assert service.run(book.path, user=officer, dry_run=False, year=2024).committed
    assert VillageFacts.objects.get().village_id == VILLAGE
    client = Client()
    client.force_login(cadre)
    page = client.get(f"/villages/{VILLAGE}/2024/").content.decode()
    section = page[page.index('id="village-facts"'):page.index("</dl>", page.index(
        'id="village-facts"'))]
    assert "行政村监测信息（国家系统导入）" in page
    assert "<dt>总户数</dt><dd>412</dd>" in section and "<dt>总人口数</dt><dd>1530</dd>" in section
    assert "<dt>是否出列</dt><dd>是</dd>" in section
    assert "<dt>村级集体经济收入（万元）</dt><dd>12.60</dd>" in section
    assert 'id="village-facts"' not in client.get(f"/villages/{VILLAGE}/2023/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(f"/villages/{VILLAGE}/2024/").content.decode()
    assert "Village monitoring figures (imported from the national system)" in english
    assert "<dt>Households</dt><dd>412</dd>" in english and "<dt>Exited poverty</dt><dd>Yes</dd>" \
        in english
    assert client.get(f"/villages/{SIBLING_VILLAGE}/2024/").status_code == 404
