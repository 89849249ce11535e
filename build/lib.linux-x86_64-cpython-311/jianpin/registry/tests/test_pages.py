"""Registry pages through HTTP: masking by role, Chinese validation, stale edits refused."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.registry.models import Household
from jianpin.registry.tests.helpers import make_household, make_id

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_detail_masks_ids_phones_banks_and_hides_health_from_auditors(auditor) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="钟秀", size=2)
    hh.members.filter(relation="配偶").update(health="大病")
    body = logged_in(auditor).get(f"/registry/households/{hh.pk}/").content.decode()
    for member in hh.members.all():
        assert member.id_number not in body
        assert f"{member.id_number[:6]}************" in body
    assert "13800138000" not in body and "138****8000" in body
    assert "6217001234567890123" not in body and "0123" in body
    assert "大病" not in body and "查看" not in body  # no reveal buttons for auditors


def test_create_household_with_bad_id_shows_chinese_error(cadre) -> None:  # type: ignore[no-untyped-def]
    good = make_id("19751212", 7)
    bad = good[:17] + ("1" if good[17] != "1" else "2")
    response = logged_in(cadre).post("/registry/households/new/", {
        "village": VILLAGE, "number": "N1", "head_name": "廖明", "head_id": bad,
        "attribute": "一般户"})
    assert response.status_code == 200
    assert f"身份证号码校验位错误：{bad}" in response.content.decode()
    assert Household.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_stale_edit_form_is_refused_with_message(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    first, second = logged_in(cadre), logged_in(reviewer)
    form = {"version": "1", "attribute": "一般户", "status": "一般农户", "monitoring_kind": "",
            "electricity": "on", "road_to_house": "on"}
    assert first.post(f"/registry/households/{hh.pk}/edit/",
                      dict(form, address="第一人")).status_code == 302
    response = second.post(f"/registry/households/{hh.pk}/edit/", dict(form, address="第二人"))
    assert response.status_code == 200
    assert "该记录已被他人修改，请刷新页面后重新编辑" in response.content.decode()
    hh.refresh_from_db()
    assert (hh.address, hh.version) == ("第一人", 2)
    assert AuditEvent.objects.filter(action="registry.household.update").count() == 1


def test_search_by_name_id_and_number_within_area(reviewer) -> None:  # type: ignore[no-untyped-def]
    a = make_household(VILLAGE, head_name="邱海燕")
    b = make_household("441424100201", head_name="邱海")
    make_household("441481001001", head_name="邱海外")
    client = logged_in(reviewer)

    def found(**params: str) -> set[str]:
        body = client.get("/registry/households/", params).content.decode()
        return {n for n in ("邱海燕", "邱海外", ">邱海<") if n in body}

    assert found(q="邱海") == {"邱海燕", ">邱海<"}
    assert found(q=a.number) == {"邱海燕"}
    assert found(q=b.members.get().id_number.lower()) == {">邱海<"}
    assert found(q="邱海", area="441424100201") == {">邱海<"}


def test_change_log_hides_sensitive_changes_from_auditors(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    from jianpin.registry import actions

    hh = make_household(VILLAGE, head_name="温良")
    actions.do_update_member(cadre, hh.members.get(), health="大病", phone="13912345678")
    body = logged_in(auditor).get(f"/registry/households/{hh.pk}/").content.decode()
    assert "健康状况：已修改（内容不公开）" in body and "联系电话：已修改（内容不公开）" in body
    assert "大病" not in body and "13912345678" not in body and "139****5678" not in body
    officer_view = logged_in(cadre).get(f"/registry/households/{hh.pk}/").content.decode()
    assert "健康状况：健康 → 大病" in officer_view and "联系电话：138****8000 → 139****5678" in officer_view


def test_broad_name_search_finds_local_matches_among_many_elsewhere(reviewer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.registry import queries

    for i in range(4):
        make_household("441481001001", head_name=f"王外{i}")
    mine = make_household(VILLAGE, head_name="王本地")
    found = queries.search(reviewer, queries.Filters(q="王"))
    assert list(found.values_list("pk", flat=True)) == [mine.pk]


def test_name_search_is_one_subquery_and_finds_heads_and_members(reviewer) -> None:  # type: ignore[no-untyped-def]
    """Head-name prefix or member name, in the area: the same households as filtering every
    household here in Python, found by the page's own query (the matches never come back
    to the client as an id list)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jianpin.registry import queries

    heads = [make_household(VILLAGE, head_name=n) for n in ("李明", "李明华", "李", "黎明")]
    spouse_named = make_household(VILLAGE, head_name="赵强", size=2)
    spouse_named.members.exclude(name="赵强").update(name="李明")
    outside = make_household("441481001001", head_name="李明")
    found = queries.search(reviewer, queries.Filters(q="李明"))
    in_area = Household.objects.filter(village__code__startswith="441424100").exclude(pk=outside.pk)
    expected = sorted(h.pk for h in in_area.prefetch_related("members")
                      if h.head_name.startswith("李明")
                      or any(m.name == "李明" for m in h.members.all()))
    assert expected == sorted([heads[0].pk, heads[1].pk, spouse_named.pk])
    with CaptureQueriesContext(connection) as ctx:
        assert sorted(found.values_list("pk", flat=True)) == expected
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert sql.count("SELECT") == 3 and "UNION" in sql
    assert f"IN ({heads[0].pk}" not in sql and f"IN ({spouse_named.pk}" not in sql


def test_add_move_and_mark_members_through_pages(cadre) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    hh = make_household(VILLAGE, head_name="古月")
    other = make_household("441424100200", head_name="古星")
    client = logged_in(cadre)
    child = make_id("20180303", 5)
    added = client.post(f"/registry/households/{hh.pk}/members/new/", {
        "name": "古小", "id_number": child, "relation": "子", "sex": "", "health": "健康",
        "medical_insurance": "on", "serious_illness_insurance": "on", "work_months": "0"})
    assert added.status_code == 302, added.content.decode()[:2000]
    member = hh.members.get(name="古小")
    assert (member.sex, member.birth_date) == ("男" if int(child[16]) % 2 else "女",
                                              dt.date(2018, 3, 3))
    missing = client.post(f"/registry/members/{member.pk}/move/",
                          {"target_number": "NOPE", "reason": "迁户"})
    assert "在您的管辖区域内未找到该户编号" in missing.content.decode()
    moved = client.post(f"/registry/members/{member.pk}/move/",
                        {"target_number": other.number, "reason": "随母迁户"})
    assert moved.status_code == 302 and moved["Location"] == f"/registry/households/{other.pk}/"
    marked = client.post(f"/registry/members/{member.pk}/deceased/",
                         {"deceased_on": "2025-06-01", "note": "病故"})
    assert marked.status_code == 302
    other.refresh_from_db()
    assert other.size == 1 and AuditEvent.objects.filter(
        action__in=["registry.member.create", "registry.member.move",
                    "registry.member.deceased"]).count() == 3


def test_detail_page_query_count(reviewer) -> None:  # type: ignore[no-untyped-def]
    """The household page in a fixed number of queries besides the session's own: the user
    and the user's area (2), household with village and group, members (each saying whether
    it has work periods), incomes, screening hits, cases, assistance (helpers; measures and
    last visit in one), projects (2), the change log: 12 (14 before); one more only when a
    member has 已外出务工信息."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jianpin.registry.models import WorkPeriod

    def page_queries(path: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        own = [q["sql"] for q in ctx.captured_queries if "django_session" not in q["sql"]
               and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
        return len(own), response.content.decode()

    hh = make_household(VILLAGE, head_name="钟秀", size=3)
    client = logged_in(reviewer)
    client.get(f"/registry/households/{hh.pk}/")
    assert page_queries(f"/registry/households/{hh.pk}/")[0] == 12
    period = WorkPeriod.objects.create(member=hh.members.get(relation="本人"), working=True,
                                       county="深圳市", start=dt.date(2024, 3, 1))
    count, body = page_queries(f"/registry/households/{hh.pk}/")
    assert count == 13
    edit = f'<a href="/registry/work-periods/{period.pk}/edit/">2024-03</a>'
    assert f"<td>钟秀</td><td>{edit}</td>" in body and "深圳市" in body
