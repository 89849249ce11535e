from __future__ import annotations

import os

import pytest

from jianpin.conftest import artefact_path, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_sets_a_county_line_on_a_phone(browser_page, live_server, officer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.conftest import VILLAGE
    from jianpin.regions.loader import load_core
    from jianpin.regions.models import Region
    from jianpin.standards.models import Standard
    from jianpin.standards.seed import ROWS

    if not Region.objects.filter(code=VILLAGE).exists():  # flushed by an earlier live test
        load_core()
    if not Standard.objects.exists():  # transactional tests flush the seeded rows
        from decimal import Decimal
        Standard.objects.bulk_create([Standard(year=y, region_code=c, region_prefix=p, key=k,
                                               value=Decimal(v), note=n)
                                      for y, c, p, k, v, n in ROWS])
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/standards/?year=2024")
    page.select_option("select[name=key]", "monitoring_line")
    page.fill("input[name=value]", "8800")
    page.fill("input[name=note]", "县定2024年监测线")
    page.get_by_role("button", name="保存", exact=True).click()
    assert page.get_by_text("标准已保存").is_visible()
    page.screenshot(path=artefact_path("standards-phone.png"), full_page=True)
    assert Standard.objects.get(year=2024, region_code="441424000000").value == 8800
