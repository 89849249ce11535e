"""A county officer previews a monitoring export with a spelling the table lacks, adds it on
the vocabulary page, and previews again without the error."""
from __future__ import annotations

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.registry.io.models import VocabularyEntry
from jianpin.registry.tests import national_files as nf


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_adds_a_national_spelling(browser_page, live_server, officer, tmp_path,
                                          settings):  # type: ignore[no-untyped-def]
    if not Region.objects.filter(code=VILLAGE).exists():
        from jianpin.regions.loader import load_core

        load_core()
    settings.DATA_DIR = tmp_path / "data"
    settings.JOBS_INLINE = True
    defect = [("nephew", nf._m(1, "与户主关系", "之侄子", "bad_code"), False, True)]
    built = nf.monitoring(tmp_path / "监测对象信息.xlsx", 6, defects=defect)
    page = browser_page
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(built.path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("text=之侄子", timeout=60000)
    assert "最接近的可选值" in page.content()
    page.screenshot(path=artefact_path("vocabulary-1-preview.png"), full_page=True)
    page.goto(f"{live_server.url}/registry/import/vocabulary/")
    page.select_option("#v_field", "m.relation")
    page.fill("#v_value", "之侄子")
    page.select_option("#v_code", "其他")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=已添加", timeout=30000)
    page.screenshot(path=artefact_path("vocabulary-2-added.png"), full_page=True)
    assert list(VocabularyEntry.objects.values_list("value", "code")) == [("之侄子", "其他")]
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(built.path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("text=预检通过", timeout=60000)
    page.screenshot(path=artefact_path("vocabulary-3-preview-clean.png"), full_page=True)
