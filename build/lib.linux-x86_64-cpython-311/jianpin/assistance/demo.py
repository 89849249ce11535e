"""Demo helpers in the demo county's first township: pairings, plans, visits, then the checks.

The first helper is linked to the village cadre's demo login (cun sees 我的帮扶户); the
others work across the township.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from jianpin.accounts.models import User
from jianpin.assistance import actions
from jianpin.assistance.checks import do_run_checks
from jianpin.assistance.models import Helper
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry import codes
from jianpin.registry.models import Household
from jianpin.registry.monitoring import monitored_q

VILLAGE, TOWNSHIP = "441424100200", "441424100000"
HELPERS = (("县农业农村局", "科员"), ("县人社局", "副股长"), ("水寨镇政府", "干部"))
NAMES = ("刘建华", "陈秀英", "张国平")
MEASURES = {"因病": ("健康", "慢性病家庭医生签约、大病救助"), "因学": ("教育", "雨露计划助学"),
            "因灾": ("住房安全保障", "灾后危房改造"), "因缺劳动力": ("兜底", "纳入低保")}


def setup(out: Any) -> int:
    """Create the demo helpers once; return the number of paired households."""
    if Helper.objects.exists():
        return 0
    cun = User.objects.filter(username="cun").first()
    xian = User.objects.filter(username="xian").first()
    if cun is None or xian is None:
        return 0
    village, township = Region.objects.get(pk=VILLAGE), Region.objects.get(pk=TOWNSHIP)
    helpers = [actions.do_create_helper(xian, village if i == 0 else township, name=name,
                                        work_unit=unit, position=pos,
                                        user=cun if i == 0 else None)
               for i, (name, (unit, pos)) in enumerate(zip(NAMES, HELPERS, strict=True))]
    targets = list(Household.objects.filter(prefix_q("village_id", township.prefix)).filter(
        monitored_q() | Q(status=codes.HouseholdStatus.POOR))
        .order_by("village_id", "number")[:60])
    today = timezone.localdate()
    for i, hh in enumerate(targets):
        helper = helpers[0] if hh.village_id == VILLAGE else helpers[1 + i % 2]
        actions.do_pair(xian, helper, hh, since=today - dt.timedelta(days=300))
        if i % 4 != 3:  # leave some without a measure, so the checks find something
            for risk in (hh.risk_types or ["因病"])[:2]:
                category, text = MEASURES.get(risk, ("就业", "推荐就近务工"))
                actions.do_add_measure(xian, hh, category=category, description=text,
                                       on=today - dt.timedelta(days=60))
        if i % 3 != 2:
            actions.do_record_visit(xian, hh, helper, visited_on=today - dt.timedelta(days=i * 3),
                                    findings="入户了解收入和两不愁三保障情况，无新增风险")
    summary = do_run_checks(xian, township)
    out.write(f"帮扶：{len(helpers)} 名帮扶责任人结对 {len(targets)} 户，一致性检查命中 "
              f"{summary['hits']} 项")
    return len(targets)
