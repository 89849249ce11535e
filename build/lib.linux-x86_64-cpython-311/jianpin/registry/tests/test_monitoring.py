"""One definition of "monitored now" (registry.monitoring): the predicate, the ORM filter, the
SQL expression and the screening feature agree on every combination of 监测对象类型 and
风险是否已消除; the registry list's filter, the export's filter and the home counts use it."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test import Client

from jianpin.conftest import SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.regions.models import Region
from jianpin.registry import monitoring, queries
from jianpin.registry.io.export import households_for
from jianpin.registry.models import Household
from jianpin.registry.tests.helpers import make_household
from jianpin.screening import service

pytestmark = pytest.mark.django_db
KINDS = ("", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
ELIMINATED = (None, False, True)


@pytest.fixture
def every_state() -> dict[tuple[str, bool | None], Household]:
    """One household for each (kind, 风险是否已消除): 12 households in the village."""
    return {(kind, gone): make_household(VILLAGE, head_name=f"户{i}", monitoring_kind=kind,
                                         risk_eliminated=gone)
            for i, (kind, gone) in enumerate(itertools.product(KINDS, ELIMINATED))}


MONITORED = {(k, g) for k in KINDS[1:] for g in (None, False)}      # 6 households
GONE = {(k, True) for k in KINDS}                                    # 4 households


def _states(every_state, ids) -> set[tuple[str, bool | None]]:  # type: ignore[no-untyped-def]
    by_pk = {hh.pk: state for state, hh in every_state.items()}
    return {by_pk[pk] for pk in ids}


def test_predicate_orm_sql_and_screening_feature_agree(every_state):  # type: ignore[no-untyped-def]
    by_predicate = {s for s, hh in every_state.items() if monitoring.is_monitored(hh)}
    by_orm = _states(every_state, Household.objects.filter(monitoring.monitored_q())
                     .values_list("pk", flat=True))
    with connection.cursor() as c:
        c.execute(f"SELECT h.id FROM registry_household h WHERE {monitoring.sql_monitored('h')}")
        by_sql = _states(every_state, [r[0] for r in c.fetchall()])
        c.execute(f"SELECT h.id FROM registry_household h WHERE {monitoring.sql_eliminated('h')}")
        gone_sql = _states(every_state, [r[0] for r in c.fetchall()])
    rows = service.reference_rows(2025, None, dt.date(2026, 11, 30))
    by_feature = _states(every_state, [r["household_id"] for r in rows if r["is_monitored"]])
    gone_feature = _states(every_state, [r["household_id"] for r in rows if r["risk_eliminated"]])
    gone_orm = _states(every_state, Household.objects.filter(monitoring.eliminated_q())
                       .values_list("pk", flat=True))
    assert by_predicate == by_orm == by_sql == by_feature == MONITORED
    assert gone_orm == gone_sql == gone_feature == GONE
    assert {r["monitoring_kind"] for r in rows
            if r["household_id"] == every_state[("脱贫不稳定户", True)].pk} == {""}
    assert [every_state[("脱贫不稳定户", s)].current_kind for s in ELIMINATED] == [
        "脱贫不稳定户", "脱贫不稳定户", ""]


@pytest.mark.parametrize(("value", "expected"), [
    ("any", MONITORED),
    ("脱贫不稳定户", {("脱贫不稳定户", None), ("脱贫不稳定户", False)}),
    ("eliminated", GONE),
    ("", set(itertools.product(KINDS, ELIMINATED))),
    ("nonsense", set(itertools.product(KINDS, ELIMINATED))),
])
def test_list_and_export_filter_the_same_way(value, expected, every_state, officer):  # type: ignore[no-untyped-def]
    listed = queries.search(officer, queries.Filters(kind=value)).values_list("pk", flat=True)
    exported = households_for(officer, {"monitoring_kind": value}).values_list("pk", flat=True)
    assert _states(every_state, listed) == _states(every_state, exported) == expected


def test_list_page_shows_eliminated_households_apart(every_state, officer):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(officer)
    body = client.get("/registry/households/?kind=eliminated").content.decode()
    assert "共 4 户" in body
    assert body.count('<span class="badge elim"') == 4 and '<span class="badge mon">' not in body
    assert '<option value="eliminated" selected>风险已消除</option>' in body
    body = client.get("/registry/households/?kind=any").content.decode()
    assert "共 6 户" in body and body.count('<span class="badge mon">') == 6


def test_home_counts_eliminated_apart_from_monitoring_objects(every_state, officer):  # type: ignore[no-untyped-def]
    make_household(SIBLING_VILLAGE, monitoring_kind="边缘易致贫户", risk_eliminated=True)
    make_household(SIBLING_VILLAGE, monitoring_kind="边缘易致贫户")
    township = Region.objects.get(code=TOWNSHIP)
    totals = queries.area_counts(officer, township)
    assert (totals.households, totals.by_kind, totals.eliminated) == (
        14, {"脱贫不稳定户": 2, "边缘易致贫户": 3, "突发严重困难户": 2}, 5)
    children = {c.region.code: (c.households, c.by_kind, c.eliminated)
                for c in queries.child_counts(officer, township) if c.households}
    assert children == {
        VILLAGE: (12, {"脱贫不稳定户": 2, "边缘易致贫户": 2, "突发严重困难户": 2}, 4),
        SIBLING_VILLAGE: (2, {"边缘易致贫户": 1}, 1),
    }
