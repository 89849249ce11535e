"""A helper paired across villages: each user sees only the households in their own area."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from jianpin.assistance import actions
from jianpin.assistance.models import Visit
from jianpin.conftest import PASSWORD, SIBLING_VILLAGE, VILLAGE
from jianpin.regions.models import Region
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def paired(cadre, reviewer):  # type: ignore[no-untyped-def]
    """The cadre's own helper account, paired by the township with a household in each village."""
    helper = actions.do_create_helper(reviewer, Region.objects.get(code=VILLAGE),
                                      name="古帮扶", user=cadre)
    own = make_household(VILLAGE, head_name="本村户主")
    far = make_household(SIBLING_VILLAGE, head_name="邻村户主")
    actions.do_pair(reviewer, helper, own)
    actions.do_pair(reviewer, helper, far)
    Visit.objects.create(household=far, helper=helper, visited_on=dt.date(2026, 3, 9),
                         findings="走访", created_by=reviewer)
    return helper, own, far


def _load_row(body: str, name: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", body, re.S) if name in r)


def test_helper_page_shows_only_households_in_the_cadres_area(cadre, paired) -> None:  # type: ignore[no-untyped-def]
    helper, own, far = paired
    c = _client(cadre)
    assert c.get(f"/registry/households/{far.pk}/").status_code == 404
    for url in (f"/assistance/helpers/{helper.pk}/", "/assistance/mine/"):
        r = c.get(url, follow=True)
        body = r.content.decode()
        assert r.status_code == 200
        assert "本村户主" in body and "邻村户主" not in body
        assert f"/assistance/households/{far.pk}/" not in body
        assert [row.household.pk for row in r.context["rows"]] == [own.pk]
    row = _load_row(c.get("/assistance/").content.decode(), "古帮扶")
    assert "<b>1</b>" in row and "2026-03-09" not in row


def test_township_reviewer_sees_both_households(reviewer, paired) -> None:  # type: ignore[no-untyped-def]
    helper, own, far = paired
    r = _client(reviewer).get(f"/assistance/helpers/{helper.pk}/")
    assert sorted(row.household.pk for row in r.context["rows"]) == sorted([own.pk, far.pk])
    row = _load_row(_client(reviewer).get("/assistance/").content.decode(), "古帮扶")
    assert "<b>2</b>" in row and "2026-03-09" in row


def test_sibling_cadre_does_not_see_the_helper(sibling_cadre, paired) -> None:  # type: ignore[no-untyped-def]
    helper, _, _ = paired
    assert _client(sibling_cadre).get(f"/assistance/helpers/{helper.pk}/").status_code == 404
