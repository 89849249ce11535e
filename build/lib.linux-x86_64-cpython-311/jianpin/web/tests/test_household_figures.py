"""The household page's figures: sizes in English ("1 person", "3 persons"; Chinese has one form)
and income amounts with thousands separators in both languages."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from jianpin.conftest import VILLAGE
from jianpin.registry.models import IncomeRecord
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


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_household_income_amounts_have_separators(cadre, language) -> None:  # type: ignore[no-untyped-def]
    # zh-hans number formats print 10335.69; the guide promises 10,335.69 in both languages
    hh = make_household(VILLAGE, size=1)
    IncomeRecord.objects.create(household=hh, year=2025, persons=1, wage_income=Decimal("2335.48"),
                                business_income=Decimal("11054.61"),
                                net_income=Decimal("10335.69"), per_capita_net=Decimal("10335.69"))
    client = Client()
    client.force_login(cadre)
    client.cookies["django_language"] = language
    body = client.get(f"/registry/households/{hh.pk}/").content.decode()
    table = body.split('id="income-chart"')[1].split('<table class="nowrap">')[1].split("</table>")[0]
    assert '<td class="num">2,335.48</td><td class="num">11,054.61</td>' in table
    assert "<b>10,335.69</b>" in table and "10335.69" not in table
