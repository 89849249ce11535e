"""Demo cases for the demo county: a few identifications at different steps, a grievance.

Runs through the real actions as the demo users (村 cun, 乡 xiang, 县 xian), so every step has
its event and audit trail, as if officials had worked the cases.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianpin.accounts.models import User
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.registry import codes
from jianpin.registry.models import Household
from jianpin.registry.monitoring import monitored_q
from jianpin.workflows.actions import do_open_case, do_open_grievance, do_transition
from jianpin.workflows.models import Case, Source

VILLAGE = "441424100200"
JUSTIFICATION = "入户核实：家庭成员住院自付费用单据齐全，年度收入数据尚未更新"
PROPOSAL = {"monitoring_kind": codes.MonitoringKind.MARGINAL, "risk_types": ["因病"]}


def _go(actor: Any, case: Case, *actions: str) -> Case:
    for action in actions:
        note = {"visit": "入户核实，已签署授权书", "village_review": "村民代表评议通过"}.get(action, "")
        files = [("authorisation", SimpleUploadedFile("授权书.pdf", b"%PDF-1.4 demo"))] \
            if action == "visit" else []
        # The demo story (costly hospital stays) is not in the registry's figures, so the county
        # writes down why it decides anyway, as the guard on unsupported decisions asks.
        data = {"justification": JUSTIFICATION} if action == "county_approve" else None
        case = do_transition(actor, case, action, version=case.version, note=note or "同意",
                             files=files, data=data)
    return case


def _backdate_notice(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(notice_from=timezone.localdate() - dt.timedelta(days=5))
    return Case.objects.get(pk=case.pk)


def setup(out: Any) -> int:
    """Create the demo cases once; return how many were opened."""
    if Case.objects.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["cun", "xiang", "xian"])}
    if len(users) < 3:
        return 0
    cun, xiang, xian = users["cun"], users["xiang"], users["xian"]
    candidates = list(Household.objects.filter(village_id=VILLAGE,
                                               status=codes.HouseholdStatus.ORDINARY)
                      .exclude(monitored_q()).order_by("number")[:4])
    if len(candidates) < 4:
        return 0
    opened = []
    for hh, source in zip(candidates, (Source.SELF_HOTLINE, Source.CADRE_SCREENING,
                                       Source.SELF_IN_PERSON, Source.SELF_APP), strict=True):
        try:
            opened.append(do_open_case(cun, hh, "identification", source=source,
                                       summary="家庭成员患病住院，自付医疗费用较高",
                                       proposal=PROPOSAL))
        except DomainError:
            continue
    if len(opened) == 4:
        done = _backdate_notice(_go(cun, opened[0], "visit", "cross_check", "village_review",
                                    "publish_notice"))
        done = _go(cun, done, "submit")
        done = _go(xiang, done, "township_approve")
        _go(xian, done, "county_approve", "announce")
        waiting = _backdate_notice(_go(cun, opened[1], "visit", "cross_check", "village_review",
                                       "publish_notice"))
        _go(cun, waiting, "submit")
        _go(cun, opened[2], "visit")
        Case.objects.filter(pk=opened[3].pk).update(
            due_on=timezone.localdate() - dt.timedelta(days=2))
    do_open_grievance(xiang, Region.objects.get(pk=VILLAGE), channel="hotline",
                      subject="反映低保金未按时发放", content="群众来电反映三月低保金未到账",
                      complainant="群众")
    out.write(f"业务办理：演示事项 {len(opened)} 件（已公告、待乡镇审核、办理中、超期各一），投诉 1 件")
    return len(opened)
