"""Household sizes in English: "1 person", "3 persons" (Chinese has one form: 1 人, 3 人)."""
from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "size", "shown"), [
    ("en", 1, "1 person"), ("en", 3, "3 persons"), ("zh-hans", 1, "1 人"), ("zh-hans", 3, "3 人")])
def test_household_page_size(cadre, language, size, shown) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, size=size)
    client = Client()
    client.force_login(cadre)
    client.cookies["django_language"] = language
    body = client.get(f"/registry/households/{hh.pk}/").content.decode()
    assert f"<dd>{shown}</dd>" in body


@pytest.mark.parametrize(("size", "shown"), [(1, "· 协和村委会 · 1 person · 一般农户"),
                                             (2, "· 协和村委会 · 2 persons · 一般农户")])
def test_case_summary_size(size, shown) -> None:  # type: ignore[no-untyped-def]
    # the same line as the case pages (workflows/case_from_warning.html)
    hh = make_household(VILLAGE, size=size, status="一般农户")
    line = Template(
        "{% load i18n %}{% blocktranslate with name=hh.village.name status=hh.status "
        "count size=hh.size %}· {{ name }} · {{ size }}人 · {{ status }}{% plural %}"
        "· {{ name }} · {{ size }}人 · {{ status }}{% endblocktranslate %}")
    with translation.override("en"):
        assert line.render(Context({"hh": hh})) == shown
