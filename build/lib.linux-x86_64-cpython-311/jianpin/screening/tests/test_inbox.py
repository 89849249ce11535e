"""The warnings inbox: a table filtered by village, rule and severity, sorted, paged, bulk triage."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_TOWNSHIP, VILLAGE
from jianpin.registry.tests.helpers import make_household
from jianpin.screening.models import Warning, WarningState

pytestmark = pytest.mark.django_db
NEIGHBOUR = "441424100201"  # another village of the reviewer's township
FAR = "441481001001"        # another county
RULES = [("MON-MARGINAL", "一般农户收入低于监测线", "高"), ("RISK-WATER", "饮水安全未保障", "中"),
         ("DQ-SIZE", "家庭人口数与成员数不符", "低")]


def _warnings(village: str, households: int, rules: list[tuple[str, str, str]] = RULES,
              state: str = WarningState.NEW) -> list[Warning]:
    made = []
    for i in range(households):
        hh = make_household(village, head_name=f"户主{i}")
        made += [Warning(household=hh, village_code=village, year=2024, rule_code=code,
                         rule_name=name, category="risk_type", flag=name[:6], severity=sev,
                         explanation={"per_capita_net": 5000.0}, state=state,
                         last_seen=timezone.now()) for code, name, sev in rules]
    return Warning.objects.bulk_create(made)


def _numbers(html: str) -> list[str]:
    """Household numbers of the table rows, in order."""
    return re.findall(r'name="ids" value="\d+" aria-label="选择 (\d+)"', html)


def _rows(html: str) -> list[tuple[str, str]]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"<small class=\"muted\">([A-Z-]+)</small>.*?class=\"sev sev-\d\">(.)</span>",
                      body, re.S)


@pytest.fixture
def client_of(reviewer):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(reviewer)
    return client


def test_filters_by_village_rule_and_severity(client_of) -> None:
    _warnings(VILLAGE, 2)
    _warnings(NEIGHBOUR, 1)
    _warnings(FAR, 1)
    page = client_of.get("/screening/").content.decode()
    assert page.count('name="ids"') == 9  # 3 households × 3 rules, the other county's left out
    assert "<table" in page and "441424100200" in page and FAR not in page
    by_village = client_of.get("/screening/", {"village": NEIGHBOUR}).content.decode()
    assert len(_numbers(by_village)) == 3 and all(n.startswith(NEIGHBOUR) for n in _numbers(by_village))
    by_rule = client_of.get("/screening/", {"rule": "RISK-WATER"}).content.decode()
    assert [r for r, _ in _rows(by_rule)] == ["RISK-WATER"] * 3
    by_sev = client_of.get("/screening/", {"severity": "低"}).content.decode()
    assert _rows(by_sev) == [("DQ-SIZE", "低")] * 3
    both = client_of.get("/screening/", {"severity": "高", "village": VILLAGE}).content.decode()
    assert _rows(both) == [("MON-MARGINAL", "高")] * 2
    # the choices offered: villages and rules with warnings in the area, nothing from outside
    assert f'<option value="{NEIGHBOUR}"' in page and f'<option value="{FAR}"' not in page
    assert '<option value="DQ-SIZE"' in page


def test_sorting_by_severity_and_household(client_of) -> None:
    _warnings(VILLAGE, 2)
    rows = _rows(client_of.get("/screening/").content.decode())  # default: most severe first
    assert [s for _, s in rows] == ["高", "高", "中", "中", "低", "低"]
    rows = _rows(client_of.get("/screening/", {"sort": "severity"}).content.decode())
    assert [s for _, s in rows] == ["低", "低", "中", "中", "高", "高"]
    html = client_of.get("/screening/", {"sort": "-household"}).content.decode()
    numbers = _numbers(html)
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == 2
    assert "?sort=household" in html  # the active column's link turns the order round


def test_pages_keep_the_filters(client_of) -> None:
    _warnings(VILLAGE, 22)  # 66 warnings
    first = client_of.get("/screening/", {"village": VILLAGE}).content.decode()
    assert len(_numbers(first)) == 50 and "第 1 / 2 页" in first
    assert f"village={VILLAGE}&amp;page=2" in first
    second = client_of.get("/screening/", {"village": VILLAGE, "page": 2}).content.decode()
    assert len(_numbers(second)) == 16
    ids = [re.findall(r'name="ids" value="(\d+)"', html) for html in (first, second)]
    assert not set(ids[0]) & set(ids[1]) and len(set(ids[0]) | set(ids[1])) == 66
    assert len(_numbers(client_of.get("/screening/", {"per": 100}).content.decode())) == 66


def test_bulk_acknowledge_changes_the_ticked_warnings_each_audited(client_of, reviewer) -> None:
    mine = _warnings(VILLAGE, 1)
    closed = _warnings(VILLAGE, 1, rules=RULES[:1], state=WarningState.DISMISSED)[0]
    far = _warnings(FAR, 1, rules=RULES[:1])[0]
    ids = [w.pk for w in mine] + [closed.pk, far.pk]
    response = client_of.post(reverse("screening:warnings_bulk"), {
        "op": "acknowledge", "ids": ids, "next": "/screening/?severity=高"})
    assert response.status_code == 302 and response["Location"] == "/screening/?severity=%E9%AB%98"
    states = dict(Warning.objects.values_list("pk", "state"))
    assert [states[w.pk] for w in mine] == [WarningState.ACKNOWLEDGED] * 3
    assert (states[closed.pk], states[far.pk]) == (WarningState.DISMISSED, WarningState.NEW)
    events = AuditEvent.objects.filter(action="screening.warning.acknowledged").order_by("object_id")
    assert [(e.object_id, e.actor_id, e.region_code, e.note) for e in events] == [
        (str(w.pk), reviewer.pk, VILLAGE, "批量处理") for w in sorted(mine, key=lambda w: str(w.pk))]
    shown = client_of.get("/screening/").content.decode()
    assert "已处理 3 条预警；2 条因状态不符或已不可见未处理" in shown


def test_bulk_dismiss_needs_a_reason_and_refusals_change_nothing(client_of, cadre) -> None:
    warnings = _warnings(VILLAGE, 1, state=WarningState.ACKNOWLEDGED)
    ids = [w.pk for w in warnings]
    before = list(Warning.objects.order_by("pk").values_list("state", "reason"))
    events = AuditEvent.objects.count()
    client_of.post(reverse("screening:warnings_bulk"), {"op": "dismiss", "ids": ids, "reason": " "})
    client_of.post(reverse("screening:warnings_bulk"), {"op": "case", "ids": ids})
    client_of.post(reverse("screening:warnings_bulk"), {"op": "acknowledge"})
    other = Client()
    other.force_login(cadre)  # a village cadre does not triage warnings
    assert other.post(reverse("screening:warnings_bulk"),
                      {"op": "dismiss", "ids": ids, "reason": "已核实"}).status_code == 403
    assert list(Warning.objects.order_by("pk").values_list("state", "reason")) == before
    assert AuditEvent.objects.count() == events
    client_of.post(reverse("screening:warnings_bulk"),
                   {"op": "dismiss", "ids": ids, "reason": "入户核实收入达标"})
    assert list(Warning.objects.order_by("pk").values_list("state", "reason")) == [
        (WarningState.DISMISSED, "入户核实收入达标")] * 3
    assert AuditEvent.objects.filter(action="screening.warning.dismissed").count() == 3


def test_sibling_township_sees_none_of_it(db) -> None:
    from jianpin.accounts.models import Role
    from jianpin.conftest import make_user

    _warnings(VILLAGE, 1)
    other = Client()
    other.force_login(make_user("sib", Role.TOWNSHIP_REVIEWER, SIBLING_TOWNSHIP))
    page = other.get("/screening/").content.decode()
    assert 'name="ids"' not in page and VILLAGE not in page


def _chinese_outside(html: str, data: list[str]) -> list[str]:
    main = html.split("<main")[1].split("</main>")[0]
    main = re.sub(r' value="[^"]*"', "", main)  # codes sent back by the filters (高, village codes)
    for value in sorted(data, key=len, reverse=True):
        main = main.replace(value, "")
    return re.findall(r"[\u4e00-\u9fff]+", main)


def test_inbox_in_english_has_no_chinese_outside_data(client_of) -> None:
    made = _warnings(VILLAGE, 1)
    client_of.cookies["django_language"] = "en"
    html = client_of.get("/screening/", {"per": 100}).content.decode()
    assert "Acknowledge selected" in html and "Severity" in html and ">High<" in html
    from jianpin.regions.models import Region

    data = [w.rule_name for w in made] + [w.flag for w in made] + ["户主0"] + list(
        Region.objects.filter(code__startswith="4414241").values_list("name", flat=True))
    data += [f"{name}=" for name in ("人均纯收入",)]  # the grounds are rule data, as stored
    left = _chinese_outside(html, data)
    assert left == [], re.findall(r".{60}(?:" + "|".join(left) + r").{20}", html)


def test_unknown_parameters_fall_back_to_the_defaults() -> None:
    from django.http import QueryDict

    from jianpin.screening.inbox import Filters

    odd = Filters.from_query(QueryDict("sort=-drop&per=7&village=4414&severity=x&state=gone"))
    assert odd == Filters()
    assert (odd.sort, odd.descending, odd.per_page, odd.state) == ("severity", True, 50, "open")
    asked = Filters.from_query(QueryDict("sort=-household&per=200&village=441424100200&rule=DQ-SIZE"))
    assert (asked.sort, asked.descending, asked.per_page, asked.village, asked.rule) == (
        "household", True, 200, "441424100200", "DQ-SIZE")


def test_refusals_with_figures_are_translated(client_of) -> None:  # type: ignore[no-untyped-def]
    from jianpin.screening.actions import BULK_MAX

    _warnings(VILLAGE, 1)
    before = list(Warning.objects.order_by("pk").values_list("state", "reason"))
    too_many = list(range(1, BULK_MAX + 2))
    client_of.cookies["django_language"] = "en"
    shown = client_of.post(reverse("screening:warnings_bulk"), {"op": "acknowledge", "ids": too_many},
                           follow=True).content.decode()
    assert f"At most {BULK_MAX} warnings at a time" in shown
    client_of.cookies["django_language"] = "zh-hans"
    shown = client_of.post(reverse("screening:warnings_bulk"), {"op": "acknowledge", "ids": too_many},
                           follow=True).content.decode()
    assert f"一次最多处理{BULK_MAX}条预警" in shown
    assert list(Warning.objects.order_by("pk").values_list("state", "reason")) == before


def test_department_refusals_with_figures_are_translated(provider) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from jianpin.kernel.errors import DomainError
    from jianpin.screening.depts import do_upload_dept_data
    from jianpin.screening.models import DeptUpload

    for language, message in (("en", "Unknown department data kind: boats"),
                              ("zh-hans", "未知的部门数据类型：boats")):
        with translation.override(language), pytest.raises(DomainError) as refused:
            do_upload_dept_data(provider, kind="boats", file_name="x.csv", content=b"a")
        assert (refused.value.code, refused.value.message) == ("dept_kind", message)
    assert DeptUpload.objects.count() == 0
