"""Identification (monitoring inclusion, 监测对象识别纳入).

    opened ──visit (signed authorisation)──▶ visited ──cross_check──▶ checked
      │                                        │                        │
      └──────────── withdraw ──────────────────┴────────▶ withdrawn ◀───┤
                                                                        │
    checked ──village_reject──▶ rejected                                │
    checked ──village_review──▶ reviewed ──publish_notice──▶ in_notice ◀┘
    in_notice ──submit (≥ notice days, objections resolved)──▶ township_review
    township_review ──township_approve──▶ county_review ──county_approve──▶ decided
    township_review / county_review ──*_reject (reason)──▶ returned ──resume──▶ checked
    decided ──announce──▶ announced  (household monitoring kind, risk types, since are set)

Village steps: village cadre (HANDLE_CASE); review: township (REVIEW_CASE); decision and
announcement: county (DECIDE_CASE). Reviewers never review a case they submitted.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.audit.labels import note as audit_note
from jianpin.kernel.errors import DomainError
from jianpin.registry import codes
from jianpin.registry.actions import do_apply_decision
from jianpin.registry.models import Household
from jianpin.registry.monitoring import is_monitored
from jianpin.workflows import readiness
from jianpin.workflows.machines.base import Edge, Machine, Step
from jianpin.workflows.machines.chain import LABELS, S, review_chain, today, withdraw_edges


class Status(models.TextChoices):
    OPENED = S.OPENED, LABELS[S.OPENED]
    VISITED = S.VISITED, LABELS[S.VISITED]
    CHECKED = S.CHECKED, LABELS[S.CHECKED]
    REVIEWED = S.REVIEWED, LABELS[S.REVIEWED]
    IN_NOTICE = S.IN_NOTICE, LABELS[S.IN_NOTICE]
    TOWNSHIP = S.TOWNSHIP, LABELS[S.TOWNSHIP]
    COUNTY = S.COUNTY, LABELS[S.COUNTY]
    DECIDED = S.DECIDED, LABELS[S.DECIDED]
    RETURNED = S.RETURNED, LABELS[S.RETURNED]
    ANNOUNCED = S.ANNOUNCED, LABELS[S.ANNOUNCED]
    REJECTED = S.REJECTED, LABELS[S.REJECTED]
    WITHDRAWN = S.WITHDRAWN, LABELS[S.WITHDRAWN]


MAX_RISKS = 5
KIND_FITS = {
    codes.MonitoringKind.UNSTABLE: (codes.HouseholdStatus.EXITED,),
    codes.MonitoringKind.MARGINAL: (codes.HouseholdStatus.ORDINARY,),
    codes.MonitoringKind.SUDDEN: tuple(codes.HouseholdStatus),
}


def check_proposal(hh: Household, proposal: dict[str, Any]) -> None:
    """Raise unless the proposed monitoring kind fits the household and 1-5 risk types are named."""
    kind = proposal.get("monitoring_kind", "")
    if kind not in KIND_FITS:
        raise DomainError("bad_kind", gettext_noop("请选择监测对象类型"))
    if hh.status not in KIND_FITS[kind]:
        raise DomainError("kind_mismatch",
                          gettext("%(status)s不能认定为%(kind)s") % {"status": hh.status, "kind": kind})
    risks = proposal.get("risk_types") or []
    valid = set(codes.RiskType.values)
    if not 1 <= len(risks) <= MAX_RISKS or not set(risks) <= valid or len(set(risks)) != len(risks):
        raise DomainError("bad_risks", gettext("风险类型须为1至%(n)s项且不重复") % {"n": MAX_RISKS})


def check_not_monitored(hh: Household) -> None:
    """A household is identified only while it is not monitored (registry.monitoring): one
    whose risk is eliminated may be identified again, whatever kind it keeps."""
    if is_monitored(hh):
        raise DomainError("already_monitored",
                          gettext("该户已是%(kind)s监测对象") % {"kind": hh.monitoring_kind})


def check_open(hh: Household, proposal: dict[str, Any]) -> None:
    check_not_monitored(hh)
    check_proposal(hh, proposal)


def _record_facts(step: Step) -> None:
    """Cross-check: store what the data shows, so the decision can be explained later."""
    hh = step.obj.household
    with translation.override(settings.LANGUAGE_CODE):  # the timeline keeps the source language
        facts = readiness.identification_facts(hh, today()) + readiness.department_facts(hh)
    step.data["facts"] = [f.as_dict() for f in facts]


def _review(step: Step) -> None:
    hh = Household.objects.get(pk=step.obj.household_id)   # as it is now (an import may have moved it)
    check_not_monitored(hh)
    check_proposal(hh, step.obj.proposal)


def _announce(step: Step) -> None:
    case = step.obj
    hh = Household.objects.get(pk=case.household_id)
    do_apply_decision(step.actor, hh, version=hh.version,
                      note=audit_note("identification.announce", case=case.pk),
                      monitoring_kind=case.proposal["monitoring_kind"],
                      risk_types=list(case.proposal["risk_types"]),
                      monitoring_since=today(), risk_eliminated=False, elimination_method="",
                      risk_eliminated_on=None)


EDGES = (
    Edge(S.OPENED, S.VISITED, "visit", gettext_noop("入户核实"), Cap.HANDLE_CASE,
         needs_attachment="authorisation", needs_note=True),
    Edge(S.VISITED, S.CHECKED, "cross_check", gettext_noop("数据比对"), Cap.HANDLE_CASE, check=_record_facts),
    *review_chain(S.CHECKED, _announce, _review),
    *withdraw_edges(S.OPENED, S.VISITED, S.CHECKED, S.RETURNED),
)

MACHINE = Machine("identification", gettext_noop("监测对象识别纳入"), Status, S.OPENED, EDGES,
                  frozenset({S.ANNOUNCED, S.REJECTED, S.WITHDRAWN}), "case")
