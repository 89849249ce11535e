"""A warning's explanation is shown in the order its rule defines it, on every engine.

PostgreSQL's jsonb keeps object keys in its own order (shorter keys first); SQLite keeps the
order they were written in. The inbox, the household page and the case summary written from a
warning (`workflows.actions.warning_summary`) order the keys by the rule's condition instead.
"""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household
from jianpin.screening import display
from jianpin.screening.models import RuleRecord, Warning
from jianpin.screening.queries import hits_for_household
from jianpin.workflows.actions import warning_summary

pytestmark = pytest.mark.django_db

# What MON-UNSTABLE's condition reads, in its order (status = '脱贫户' and not is_monitored
# and (per_capita_net < std_monitoring_line or rigid_share > std_rigid_share)).
UNSTABLE = {"status": "脱贫户", "is_monitored": False, "per_capita_net": 6120.5,
            "std_monitoring_line": 7000, "rigid_share": 0.62, "std_rigid_share": 0.5}
UNSTABLE_ZH = ("户类型=脱贫户；是否监测对象（风险未消除）=否；人均纯收入=6120.5；"
               "防止返贫监测线（标准）=7000；刚性支出占家庭纯收入比例=0.62；刚性支出占比上限（标准）=0.5")
UNSTABLE_EN = ("household status=Lifted out of poverty; monitored household (risk not eliminated)=no; "
               "net income per person=6120.5; monitoring line (standard)=7000; "
               "rigid spending as share of net income=0.62; "
               "rigid spending share limit (standard)=0.5")


def _warning(hh: Any, code: str, explanation: dict[str, Any], rule_set: str = "default") -> Warning:
    return Warning.objects.create(household=hh, village_code=VILLAGE, year=2025, rule_set=rule_set,
                                  rule_code=code, rule_name=f"规则{code}", category="monitoring_kind",
                                  flag="脱贫不稳定户", severity="高", explanation=explanation,
                                  last_seen=timezone.now())


def test_stored_keys_come_back_in_the_rule_order(reviewer: Any) -> None:
    hh = make_household(VILLAGE)
    w = _warning(hh, "MON-UNSTABLE", UNSTABLE)
    w.refresh_from_db()
    order = display.rule_orders(["MON-UNSTABLE"])["MON-UNSTABLE"]
    assert order == list(UNSTABLE)
    assert [k for k, _v in display.ordered(w.explanation, order)] == list(UNSTABLE)
    assert warning_summary(w) == f"部门筛查预警：规则MON-UNSTABLE（2025年）。命中依据：{UNSTABLE_ZH}"
    with translation.override("en"):
        assert display.reasons(w.explanation, order) == UNSTABLE_EN
        # the summary is stored with the case: Chinese whatever the reader's language
        assert warning_summary(w).endswith(UNSTABLE_ZH)
    [hit] = hits_for_household(reviewer, hh)
    assert hit.reasons[0] == ("户类型", "脱贫户") and hit.summary == UNSTABLE_ZH


def test_pages_show_the_rule_order(reviewer: Any) -> None:
    hh = make_household(VILLAGE)
    _warning(hh, "MON-UNSTABLE", UNSTABLE)
    for language, expected, sep in (("zh-hans", UNSTABLE_ZH, "；"), ("en", UNSTABLE_EN, "; ")):
        client = Client()
        client.force_login(reviewer)
        client.cookies["django_language"] = language
        inbox = client.get("/screening/").content.decode()
        shown = inbox.split('class="hide-sm reasons"><small>')[1].split("</small>")[0]
        assert shown == expected
        page = client.get(f"/registry/households/{hh.pk}/").content.decode()
        block = page.split('class="card screening-hits"')[1].split("</section>")[0]
        first, last = expected.split(sep)[0], expected.split(sep)[-1]
        assert block.index(first.split("=")[0]) < block.index(last.split("=")[0])


def test_a_rule_written_in_the_ui_orders_by_its_own_condition() -> None:
    RuleRecord.objects.create(set_code="default", code="MON-UNSTABLE", name="本县：脱贫不稳定",
                              severity="高", category="monitoring_kind", flag="脱贫不稳定户",
                              condition="per_capita_net < std_monitoring_line and status = '脱贫户'")
    hh = make_household(VILLAGE)
    w = _warning(hh, "MON-UNSTABLE", {"status": "脱贫户", "per_capita_net": 6120.5,
                                      "std_monitoring_line": 7000})
    w.refresh_from_db()
    assert warning_summary(w).endswith(
        "命中依据：人均纯收入=6120.5；防止返贫监测线（标准）=7000；户类型=脱贫户")


def test_an_assistance_check_keeps_its_order_and_unknown_keys_follow_by_name() -> None:
    hh = make_household(VILLAGE)
    w = _warning(hh, "ASSIST-NO-VISIT", {"最近走访": "从未走访", "走访间隔上限天数": 90}, rule_set="")
    odd = _warning(hh, "NO-SUCH-RULE", {"water_safe": False, "per_capita_net": -120.5,
                                        "housing_grade": None})
    w.refresh_from_db()
    odd.refresh_from_db()
    assert warning_summary(w).endswith("命中依据：最近走访=从未走访；走访间隔上限天数=90")
    assert warning_summary(odd).endswith("命中依据：住房安全等级=空；人均纯收入=-120.5；饮水安全=否")
