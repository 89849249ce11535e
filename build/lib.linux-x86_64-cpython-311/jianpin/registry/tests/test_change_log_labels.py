"""The household's change log names each action in the reader's language, never by its code."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from jianpin.conftest import VILLAGE
from jianpin.registry import actions
from jianpin.registry.period_actions import do_add_work_period
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def _actions_shown(client: Client, pk: int) -> list[tuple[str, str]]:
    body = client.get(f"/registry/households/{pk}/").content.decode()
    table = body[body.index('id="changes"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<td title="([a-z_.]+)">([^<]+)</td>', table)


@pytest.mark.parametrize(("language", "shown"), [
    ("zh-hans", ["新增外出务工时段", "录入年度收入", "修改农户"]),
    ("en", ["Add a period of migrant work", "Enter yearly income", "Household edited"]),
])
def test_change_log_shows_labels(cadre, language, shown) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="陈建国")
    actions.do_update_household(cadre, hh, version=1, phone="13900139000")
    actions.do_record_income(cadre, hh, 2024, {"wage_income": "12000"})
    do_add_work_period(cadre, hh.members.get(), {"start": dt.date(2025, 3, 1)})
    client = Client()
    client.force_login(cadre)
    client.cookies["django_language"] = language
    assert _actions_shown(client, hh.pk) == list(zip(
        ["registry.workperiod.create", "registry.income.create", "registry.household.update"],
        shown, strict=True))
