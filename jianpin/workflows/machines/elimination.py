"""Risk elimination (风险消除: 帮扶消除 or 自然消除).

    opened ──assess (readiness rules)──▶ assessed ──village_review──▶ reviewed
    assessed ──village_reject──▶ rejected
    reviewed ──publish_notice──▶ in_notice ──submit──▶ township_review
    township_review ──township_approve──▶ county_review ──county_approve──▶ decided
    township_review / county_review ──*_reject (reason)──▶ returned ──resume──▶ assessed
    decided ──announce──▶ announced  (monitoring kind and risk types cleared)
    opened / assessed / returned ──withdraw──▶ withdrawn

`assess` refuses when income is below the monitoring line or unstable, rigid spending is not
under control, a 两不愁三保障 problem is open, or the whole household has no labour ability
(it stays monitored). Elimination within two months of inclusion needs a written justification
and the case carries the flag `early_elimination` for reports.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.audit.labels import note as audit_note
from jianpin.kernel.errors import DomainError
from jianpin.registry.actions import do_apply_decision
from jianpin.registry.models import Household
from jianpin.registry.monitoring import is_eliminated, is_monitored
from jianpin.workflows import readiness
from jianpin.workflows.machines.base import Edge, Machine, Step
from jianpin.workflows.machines.chain import AssessedStatus, S, review_chain, today, withdraw_edges
from jianpin.workflows.models import Case

# Assessment, then the shared review chain (statuses shared with the other assessed workflow).
Status = AssessedStatus


MODES = (gettext_noop("帮扶消除"), gettext_noop("自然消除"))
EARLY_FLAG = "early_elimination"


def check_monitored(hh: Household) -> None:
    """Only a household monitored now (registry.monitoring) has a risk to eliminate."""
    if is_eliminated(hh):
        raise DomainError("already_eliminated", gettext("该户风险已于%(on)s消除，无需再次消除")
                          % {"on": f"{hh.risk_eliminated_on:%Y-%m-%d}" if hh.risk_eliminated_on
                             else "-"})
    if not is_monitored(hh):
        raise DomainError("not_monitored", gettext_noop("该户不是监测对象，无需风险消除"))


def check_open(hh: Household, proposal: dict[str, Any]) -> None:
    check_monitored(hh)
    if proposal.get("mode") not in MODES:
        raise DomainError("bad_mode", gettext_noop("请选择消除方式：帮扶消除或自然消除"))


def _assess(step: Step) -> None:
    case, on = step.obj, today()
    hh = Household.objects.get(pk=case.household_id)
    check_monitored(hh)   # as it is now: an import may have marked the risk eliminated
    with translation.override(settings.LANGUAGE_CODE):  # the timeline keeps the source language
        findings = readiness.elimination_findings(hh, on)
    step.data["facts"] = [f.as_dict() for f in findings]
    failed = [f for f in findings if not f.ok]
    if failed:
        raise DomainError("not_ready", gettext_noop("不符合风险消除条件：") + "；".join(
            f"{f.label}（{f.detail}）" for f in failed))
    flags = [f for f in case.flags if f != EARLY_FLAG]
    if readiness.is_early_elimination(hh, on):
        if not str(step.data.get("justification", "")).strip():
            raise DomainError("early_needs_reason", gettext_noop("纳入监测不满两个月即消除风险，须写明理由"))
        flags.append(EARLY_FLAG)
    Case.objects.filter(pk=case.pk).update(flags=flags)
    case.flags = flags


def _review(step: Step) -> None:
    check_monitored(Household.objects.get(pk=step.obj.household_id))


def _announce(step: Step) -> None:
    """The household leaves monitoring; 风险是否已消除, the method and 消除监测时间 are recorded as
    the monitoring system keeps them (the monthly report counts eliminations by that date)."""
    hh = Household.objects.get(pk=step.obj.household_id)
    do_apply_decision(step.actor, hh, version=hh.version,
                      note=audit_note("elimination.announce", case=step.obj.pk),
                      monitoring_kind="", risk_types=[], risk_eliminated=True,
                      elimination_method=step.obj.proposal["mode"], risk_eliminated_on=today())


EDGES = (
    Edge(S.OPENED, S.ASSESSED, "assess", gettext_noop("消除条件评估"), Cap.HANDLE_CASE, check=_assess),
    *review_chain(S.ASSESSED, _announce, _review),
    *withdraw_edges(S.OPENED, S.ASSESSED, S.RETURNED),
)

MACHINE = Machine("elimination", gettext_noop("风险消除"), Status, S.OPENED, EDGES,
                  frozenset({S.ANNOUNCED, S.REJECTED, S.WITHDRAWN}), "case")
