"""Household exit (贫困户脱贫退出) for registered poor households.

    opened ──assess (income above the poverty line, 两不愁三保障 met)──▶ assessed
    assessed ──village_review──▶ reviewed ──publish_notice──▶ in_notice ──submit──▶ township_review
    assessed ──village_reject──▶ rejected
    township_review ──township_approve──▶ county_review ──county_approve──▶ decided
    township_review / county_review ──*_reject (reason)──▶ returned ──resume──▶ assessed
    decided ──announce──▶ announced  (status 脱贫户, exit date set)
    opened / assessed / returned ──withdraw──▶ withdrawn
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.audit.labels import note as audit_note
from jianpin.kernel.errors import DomainError
from jianpin.registry import codes
from jianpin.registry.actions import do_apply_decision
from jianpin.registry.models import Household
from jianpin.workflows import readiness
from jianpin.workflows.machines.base import Edge, Machine, Step
from jianpin.workflows.machines.chain import AssessedStatus, S, review_chain, today, withdraw_edges

# Assessment, then the shared review chain (statuses shared with the other assessed workflow).
Status = AssessedStatus


def check_open(hh: Household, proposal: dict[str, Any]) -> None:
    if hh.status != codes.HouseholdStatus.POOR:
        raise DomainError("not_poor",
                          gettext("仅贫困户可申请脱贫退出，该户为%(status)s") % {"status": hh.status})


def _assess(step: Step) -> None:
    hh = Household.objects.get(pk=step.obj.household_id)
    with translation.override(settings.LANGUAGE_CODE):  # the timeline keeps the source language
        findings = readiness.exit_findings(hh, today())
    step.data["facts"] = [f.as_dict() for f in findings]
    failed = [f for f in findings if not f.ok]
    if failed:
        raise DomainError("not_ready", gettext_noop("不符合脱贫退出条件：") + "；".join(
            f"{f.label}（{f.detail}）" for f in failed))


def _announce(step: Step) -> None:
    hh = Household.objects.get(pk=step.obj.household_id)
    do_apply_decision(step.actor, hh, version=hh.version,
                      note=audit_note("exit.announce", case=step.obj.pk),
                      status=codes.HouseholdStatus.EXITED, exited_on=today())


EDGES = (
    Edge(S.OPENED, S.ASSESSED, "assess", gettext_noop("退出条件评估"), Cap.HANDLE_CASE, check=_assess),
    *review_chain(S.ASSESSED, _announce),
    *withdraw_edges(S.OPENED, S.ASSESSED, S.RETURNED),
)

MACHINE = Machine("exit", gettext_noop("脱贫退出"), Status, S.OPENED, EDGES,
                  frozenset({S.ANNOUNCED, S.REJECTED, S.WITHDRAWN}), "case")
