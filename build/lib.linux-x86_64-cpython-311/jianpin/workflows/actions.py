"""All writes of the workflows app: access-checked, atomic, audited.

Transitions go through `do_transition`, which runs the record's state machine; the other
actions create records (cases, grievances, assessments, approvals) or note objections.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap, can
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError, PermissionDenied, StaleEdit
from jianpin.regions.models import Level, Region
from jianpin.registry import codes
from jianpin.registry.codes import RiskType
from jianpin.registry.models import Household
from jianpin.screening import actions as screening
from jianpin.screening import display
from jianpin.screening.models import Warning, WarningState
from jianpin.workflows import settings as wf_settings
from jianpin.workflows.incidence import refresh
from jianpin.workflows.machines import base
from jianpin.workflows.machines.chain import S
from jianpin.workflows.machines.identification import check_proposal
from jianpin.workflows.machines.registry import CASE_MACHINES, CHECK_OPEN, machine_for
from jianpin.workflows.models import (
    Case,
    CaseKind,
    Channel,
    DataApproval,
    ExitAssessment,
    Grievance,
    Notice,
    Objection,
    Source,
)


def _today() -> dt.date:
    return timezone.localdate()


def _check_open_cap(actor: Any, source: str, region_code: str) -> None:
    if source == Source.WARNING and can(actor, Cap.TRIAGE_WARNINGS):
        check_can(actor, Cap.TRIAGE_WARNINGS, region_code)
    else:
        check_can(actor, Cap.HANDLE_CASE, region_code)


@transaction.atomic
def do_open_case(actor: Any, household: Household, kind: str, *, source: str,
                 summary: str = "", proposal: dict[str, Any] | None = None,
                 warning_id: int | None = None, grievance: Grievance | None = None) -> Case:
    """Open a case for a household; refused while another case of the kind is open."""
    _check_open_cap(actor, source, household.village_id)
    if kind not in CASE_MACHINES:
        raise DomainError("bad_kind", "未知的业务类型")
    if source not in Source.values:
        raise DomainError("bad_source", "未知的线索来源")
    proposal = dict(proposal or {})
    CHECK_OPEN[kind](household, proposal)
    days = int(wf_settings.value("case_deadline_days", household.village_id, _today().year))
    try:
        with transaction.atomic():
            case = Case.objects.create(
                kind=kind, household=household, region_id=household.village_id,
                status=CASE_MACHINES[kind].initial, source=source, summary=summary.strip(),
                proposal=proposal, warning_id=warning_id, grievance=grievance,
                opened_by=actor, due_on=_today() + dt.timedelta(days=days))
    except IntegrityError:
        raise DomainError("case_already_open",
                          gettext("该户已有办理中的%(kind)s事项") % {"kind": CaseKind(kind).label}) from None
    base.create_event("case", case, actor, "open", "受理", note=case.summary,
                      data={"source": source, "proposal": proposal})
    record(actor, f"workflows.{kind}.open", case, region_code=case.region_id,
           diff=snapshot(case, ["kind", "household_id", "source", "proposal", "due_on",
                                "warning_id"]))
    return case


def warning_proposal(warning: Any) -> dict[str, Any]:
    """What the household's active warnings of that year suggest: monitoring kind, risk types."""
    hits = list(Warning.objects.filter(household_id=warning.household_id, year=warning.year,
                                       active=True).order_by("rule_code", "rule_set"))
    if warning not in hits:
        hits.append(warning)
    risks = list(dict.fromkeys(w.flag for w in hits
                               if w.category == "risk_type" and w.flag in RiskType.values))
    kinds = [w.flag for w in hits if w.category == "monitoring_kind"]
    return {"monitoring_kind": kinds[0] if kinds else _default_kind(warning.household),
            "risk_types": risks[:5]}


def warning_summary(warning: Any) -> str:
    """The case's summary (stored in Chinese): the rule and why it hit, in the rule's order."""
    order = display.rule_orders([warning.rule_code]).get(warning.rule_code, ())
    with translation.override("zh-hans"):
        why = display.reasons(warning.explanation or {}, order)
    return f"部门筛查预警：{warning.rule_name}（{warning.year}年）。命中依据：{why}"


@transaction.atomic
def do_open_case_from_warning(actor: Any, warning: Any, *,
                              proposal: dict[str, Any] | None = None) -> Case:
    """Turn a screening warning into an identification case and mark the warning 已转识别."""
    check_can(actor, Cap.TRIAGE_WARNINGS, warning.village_code)
    if warning.state not in (WarningState.NEW, WarningState.ACKNOWLEDGED):
        raise DomainError("warning_state", gettext("预警状态为「%(state)s」，不能再转识别")
                          % {"state": warning.get_state_display()})
    case = do_open_case(actor, warning.household, CaseKind.IDENTIFICATION, source=Source.WARNING,
                        summary=warning_summary(warning),
                        proposal=proposal or warning_proposal(warning), warning_id=warning.pk)
    if warning.state == WarningState.NEW:
        warning = screening.do_acknowledge(actor, warning)
    screening.do_open_case(actor, warning)
    return case


def _default_kind(household: Household) -> str:
    if household.status == codes.HouseholdStatus.EXITED:
        return codes.MonitoringKind.UNSTABLE
    return codes.MonitoringKind.MARGINAL


def do_transition(actor: Any, obj: Any, action: str, *, version: int, note: str = "",
                  data: dict[str, Any] | None = None,
                  files: Sequence[tuple[str, UploadedFile[Any]]] | None = None) -> Any:
    """Take one edge of the record's state machine (checks role, area, precondition)."""
    return base.run(machine_for(obj), actor, obj, action, version=version, note=note,
                    data=data, files=files)


@transaction.atomic
def do_update_proposal(actor: Any, case: Case, proposal: dict[str, Any], *, version: int) -> Case:
    """Correct what the case proposes (before village review, or after a return)."""
    check_can(actor, Cap.HANDLE_CASE, case.region_id)
    if case.closed_at is not None or case.status not in (
            S.OPENED, S.VISITED, S.CHECKED, S.ASSESSED, S.RETURNED):
        raise DomainError("proposal_locked", "已进入评议或审核环节，不能修改拟认定内容")
    if case.kind == CaseKind.IDENTIFICATION:
        _check_identification_proposal(case, proposal)
    else:
        CHECK_OPEN[case.kind](case.household, proposal)
    before = dict(case.proposal)
    if not Case.objects.filter(pk=case.pk, version=version).update(proposal=proposal,
                                                                    version=version + 1):
        raise StaleEdit("该事项已被他人办理或已变更，请刷新后重试")
    case.proposal, case.version = proposal, version + 1
    base.create_event("case", case, actor, "proposal", "修改拟认定内容",
                      data={"before": before, "after": proposal})
    record(actor, "workflows.case.proposal", case, region_code=case.region_id,
           diff={"proposal": [before, proposal]})
    return case


def _check_identification_proposal(case: Case, proposal: dict[str, Any]) -> None:
    check_proposal(case.household, proposal)


@transaction.atomic
def do_record_objection(actor: Any, case: Case, *, content: str, raised_by: str = "",
                        raised_on: dt.date | None = None) -> Objection:
    """Record an objection raised while the case is on public notice."""
    check_can(actor, Cap.HANDLE_CASE, case.region_id)
    if case.status != S.IN_NOTICE:
        raise DomainError("not_in_notice", "只有公示期间可以登记异议")
    if not content.strip():
        raise DomainError("empty", "请填写异议内容")
    obj = Objection.objects.create(case=case, content=content.strip(), raised_by=raised_by,
                                   raised_on=raised_on or _today(), recorded_by=actor)
    base.create_event("case", case, actor, "objection", "登记异议", note=obj.content)
    record(actor, "workflows.objection.create", obj, region_code=case.region_id,
           diff={"case_id": case.pk})
    return obj


@transaction.atomic
def do_resolve_objection(actor: Any, objection: Objection, resolution: str) -> Objection:
    case = objection.case
    check_can(actor, Cap.HANDLE_CASE, case.region_id)
    if objection.resolved_at is not None:
        raise DomainError("already_resolved", "该异议已处理")
    if not resolution.strip():
        raise DomainError("empty", "请填写核实处理结果")
    objection.resolution, objection.resolved_by = resolution.strip(), actor
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    base.create_event("case", case, actor, "objection_resolved", "异议核实处理",
                      note=objection.resolution)
    record(actor, "workflows.objection.resolve", objection, region_code=case.region_id)
    return objection


@transaction.atomic
def do_set_notice_masking(actor: Any, notice: Notice, mask: bool) -> Notice:
    """Choose whether the notice prints names masked (张*丰) or in full."""
    check_can(actor, Cap.HANDLE_CASE, notice.region_id)
    if notice.mask_names == mask:
        return notice
    Notice.objects.filter(pk=notice.pk).update(mask_names=mask)
    record(actor, "workflows.notice.masking", notice, region_code=notice.region_id,
           diff={"mask_names": [notice.mask_names, mask]})
    notice.mask_names = mask
    return notice


@transaction.atomic
def do_open_grievance(actor: Any, region: Region, *, channel: str, subject: str, content: str,
                      complainant: str = "", contact: str = "",
                      household: Household | None = None) -> Grievance:
    check_can(actor, Cap.HANDLE_GRIEVANCE, region.code)
    if channel not in Channel.values:
        raise DomainError("bad_channel", "未知的反映渠道")
    if household is not None and not household.village_id.startswith(region.prefix):
        raise DomainError("household_elsewhere", "涉及农户不在该区域内")
    if not subject.strip() or not content.strip():
        raise DomainError("empty", "请填写事项和反映内容")
    days = int(wf_settings.value("grievance_deadline_days", region.code, _today().year))
    g = Grievance.objects.create(region=region, household=household, channel=channel,
                                 subject=subject.strip(), content=content.strip(),
                                 complainant=complainant, contact=contact,
                                 status="received", opened_by=actor,
                                 due_on=_today() + dt.timedelta(days=days))
    base.create_event("grievance", g, actor, "open", "受理", note=g.subject)
    record(actor, "workflows.grievance.open", g, region_code=region.code,
           diff=snapshot(g, ["channel", "subject", "household_id", "due_on"]))
    return g


def do_open_case_from_grievance(actor: Any, grievance: Grievance, kind: str,
                                proposal: dict[str, Any]) -> Case:
    """Open a case for the grievance's household; the case keeps the link."""
    if grievance.household is None:
        raise DomainError("no_household", "该投诉未关联农户，不能发起业务")
    if grievance.closed_at is not None:
        raise DomainError("closed", "该投诉已办结")
    return do_open_case(actor, grievance.household, kind, source=Source.GRIEVANCE,
                        summary=f"信访投诉：{grievance.subject}", proposal=proposal,
                        grievance=grievance)


@transaction.atomic
def do_create_assessment(actor: Any, region: Region, year: int) -> ExitAssessment:
    """Compute a village's or county's exit assessment for a year."""
    check_can(actor, Cap.APPROVE_DATA, region.code)
    if region.level not in (Level.VILLAGE, Level.COUNTY):
        raise DomainError("bad_level", "退出评估对象须为行政村或县")
    a = ExitAssessment(region=region, year=year, status="draft", opened_by=actor)
    refresh(a)
    try:
        with transaction.atomic():
            a.save()
    except IntegrityError:
        raise DomainError("assessment_open", gettext("%(region)s%(year)s年已有未办结的退出评估")
                          % {"region": region.name, "year": year}) from None
    base.create_event("assessment", a, actor, "open", "计算评估", data={
        "incidence": str(a.incidence), "passed": a.passed})
    record(actor, "workflows.assessment.open", a, region_code=region.code,
           diff=snapshot(a, ["year", "rural_population", "poor_population", "incidence",
                             "threshold", "passed"]))
    return a


def get_approval(region: Region, period: str) -> DataApproval:
    """The approval row of a region and period (created unapproved on first use)."""
    approval, _ = DataApproval.objects.get_or_create(region=region, period=period,
                                                     defaults={"status": "unapproved"})
    return approval


@transaction.atomic
def do_approve_data(actor: Any, region: Region, period: str, *, version: int | None = None,
                    ) -> DataApproval:
    check_can(actor, Cap.APPROVE_DATA, region.code)
    approval = get_approval(region, period)
    done: DataApproval = do_transition(
        actor, approval, "approve", version=approval.version if version is None else version)
    return done


@transaction.atomic
def do_unapprove_data(actor: Any, region: Region, period: str, *, note: str,
                      version: int | None = None) -> DataApproval:
    check_can(actor, Cap.APPROVE_DATA, region.code)
    approval = DataApproval.objects.filter(region=region, period=period).first()
    if approval is None:
        raise PermissionDenied("该期数据尚未审批")
    done: DataApproval = do_transition(
        actor, approval, "unapprove", note=note,
        version=approval.version if version is None else version)
    return done
