"""监测对象类型 reads "Monitoring category" on every English page that names it: the inbox's
import warning (its columns on a desktop: a phone shows fewer), the import page's options and
the household page's former-category note."""
from __future__ import annotations

import os

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.screening import import_held_store
from jianpin.workflows.tests.helpers import make_household

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_monitoring_category_is_named_alike(browsers, live_server,
                                                officer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户", risk_eliminated=True,
                        elimination_method="风险自然消除")
    held = [{"number": hh.number, "field": "monitoring_kind", "member": "",
             "stored": "边缘易致贫户", "file": "突发严重困难户"}]
    import_held_store.sync(officer, held, batch="1（a.xlsx）", year=2025)
    pages = (
        ("inbox", "/screening/?rule=IMPORT-HELD-KIND",
         {"zh": ["导入文件的监测对象类型与本系统不一致"],
          "en": ["Monitoring category in the imported file differs from jianpin",
                 "Monitoring category (imported file)"]}),
        ("import", "/registry/import/",
         {"zh": ["常规导入（户类型、监测对象类型的差异只列出、不修改）"],
          "en": ["Regular import (differences in household status and monitoring category",
                 "household status, monitoring category, risk types and risk elimination"]}),
        ("household", f"/registry/households/{hh.pk}/",
         {"zh": ["（原监测对象类型：边缘易致贫户，不再计入监测对象）"],
          "en": ["(monitoring category was Marginal, at risk of poverty; no longer a monitoring"
                 " object)"]}))
    for locale, tag in (("zh-CN", "zh"), ("en", "en")):
        page = browsers.page(locale)
        login(page, live_server, "officer")
        for width, height, device in ((1366, 900, "desktop"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            for name, url, texts in pages:
                page.goto(f"{live_server.url}{url}")
                body = page.locator("body").inner_text()
                for text in texts[tag] if device == "desktop" or name != "inbox" else []:
                    assert text in " ".join(body.split()), (name, text)
                if tag == "en":
                    assert "Monitoring kind" not in body and "monitoring kind" not in body
                    assert "Monitoring type" not in body
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                shot = f"monitoring-category-{name}-{device}-{tag}.png"
                page.screenshot(path=artefact_path(shot), full_page=True)
