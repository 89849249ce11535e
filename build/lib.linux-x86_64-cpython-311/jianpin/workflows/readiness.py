"""Readiness rules for risk elimination and household exit (domain guide §3-4).

Each rule returns a Finding with a Chinese explanation, so the case page shows why a step
is refused and the cross-check step records what was compared.

The facts are read as the screening features read them (`screening/features.py`, compared in
`tests/test_same_facts.py`), so a case never contradicts the warning it came from: a member
counts as able to work only when their 劳动技能 says so (blank is not labour, as in
`members_with_labour`), and a blank 饮水安全 or 住房安全等级 is unverified, never 已保障.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop

from jianpin.registry import codes
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.screening.models import DeptRecord
from jianpin.workflows import settings as wf_settings
from jianpin.workflows.locking import lineage

NO_LABOUR = (codes.LabourAbility.LOST, codes.LabourAbility.NONE)
# Department data that points at an exclusion red line (car, town property, company, payroll).
RED_LINE_KINDS = frozenset({"vehicle", "real_estate", "business", "payroll"})


@dataclass(frozen=True)
class Finding:
    code: str
    label: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "ok": self.ok, "detail": self.detail}


def yuan(amount: Decimal) -> str:
    """6000.0000 → 6000, 6123.50 → 6123.5: lines shown without trailing zeros."""
    text = f"{Decimal(amount):.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def assurance_unknowns(hh: Household) -> list[str]:
    """Assurance facts the registry leaves blank (the data-quality rules DQ-WATER, DQ-HOUSING-GRADE)."""
    unknown = []
    if not hh.housing_grade:
        unknown.append(gettext("住房安全：未评定等级（未核实）"))
    if hh.water_safe is None:
        unknown.append(gettext("饮水安全：未填写（未核实）"))
    return unknown


def assurance_problems(hh: Household, members: list[Member], on: dt.date) -> list[str]:
    """Open 两不愁三保障 and drinking-water problems, as short Chinese phrases."""
    problems = []
    for m in members:
        age = _age(m.birth_date, on)
        if m.school_status == codes.SchoolStatus.DROPOUT and age is not None and 6 <= age <= 15:
            problems.append(gettext("义务教育：有适龄儿童辍学"))
            break
    if any(not (m.medical_insurance and m.serious_illness_insurance) for m in members):
        problems.append(gettext("基本医疗：有成员未参加基本医保或大病保险"))
    if hh.housing_grade in (codes.HousingGrade.C, codes.HousingGrade.D) and not hh.relocated:
        problems.append(gettext("住房安全：住房为%(grade)s级危房") % {"grade": hh.housing_grade})
    if hh.water_safe is False:
        problems.append(gettext("饮水安全：饮水不安全"))
    return problems


def _incomes(hh: Household) -> list[IncomeRecord]:
    return list(IncomeRecord.objects.filter(household=hh).order_by("-year")[:2])


def income_finding(hh: Household, line_name: str, label: str) -> Finding:
    records = _incomes(hh)
    if not records:
        return Finding("income", label, False, gettext("无年度收入记录"))
    line = Decimal(wf_settings.value(line_name, hh.village_id, records[0].year))
    below = [r for r in records if r.per_capita_net < line]
    parts = "，".join(gettext("%(year)s年%(amount)s元") % {"year": r.year, "amount": r.per_capita_net}
                     for r in records)
    return Finding("income", label, not below,
                   gettext("人均纯收入%(incomes)s；标准%(line)s元") % {"incomes": parts, "line": yuan(line)})


def rigid_finding(hh: Household) -> Finding:
    records = _incomes(hh)
    if not records:
        return Finding("rigid", gettext_noop("刚性支出可控"), False, gettext("无年度收入记录"))
    rec = records[0]
    line = Decimal(wf_settings.value("monitoring_line", hh.village_id, rec.year))
    persons = rec.persons or 1
    after = ((rec.net_income - rec.rigid_spending) / persons).quantize(Decimal("0.01"))
    return Finding("rigid", gettext_noop("刚性支出可控"), after >= line,
                   gettext("扣除刚性支出%(rigid)s元后人均%(after)s元；监测线%(line)s元")
                   % {"rigid": rec.rigid_spending, "after": after, "line": yuan(line)})


def assurance_finding(hh: Household, members: list[Member], on: dt.date) -> Finding:
    """Met only when nothing is open and nothing is unverified."""
    problems = assurance_problems(hh, members, on) + assurance_unknowns(hh)
    return Finding("assurance", gettext_noop("两不愁三保障及饮水安全"), not problems,
                   "；".join(problems) or gettext("均已保障"))


def labour_counts(members: list[Member]) -> tuple[int, int, int]:
    """(able, unable, blank) as the features count them: members_with_labour, _without_labour."""
    able = sum(m.labour_ability in codes.WITH_LABOUR for m in members)
    unable = sum(m.labour_ability in NO_LABOUR for m in members)
    return able, unable, len(members) - able - unable


def labour_finding(members: list[Member]) -> Finding:
    """No member able to work (RISK-NO-LABOUR: members > 0 and members_with_labour = 0)."""
    able, unable, blank = labour_counts(members)
    without = bool(members) and able == 0
    parts = [gettext("有劳动能力成员%(n)s人") % {"n": able}] \
        + ([gettext("丧失或无劳动能力%(n)s人") % {"n": unable}] if unable else []) \
        + ([gettext("劳动技能未填写%(n)s人") % {"n": blank}] if blank else [])
    if without:
        parts.append(gettext("兜底保障后仍需持续监测"))
    return Finding("labour", gettext_noop("有劳动能力"), not without, "，".join(parts))


def alive_members(hh: Household) -> list[Member]:
    return list(Member.objects.filter(household=hh, deceased_on__isnull=True))


def elimination_findings(hh: Household, on: dt.date) -> list[Finding]:
    members = alive_members(hh)
    return [income_finding(hh, "monitoring_line", gettext_noop("收入稳定超过监测线")), rigid_finding(hh),
            assurance_finding(hh, members, on), labour_finding(members)]


def exit_findings(hh: Household, on: dt.date) -> list[Finding]:
    members = alive_members(hh)
    status_ok = hh.status == codes.HouseholdStatus.POOR
    shown = gettext("当前户类型：%(status)s") % {"status": hh.status}
    return [Finding("status", gettext_noop("贫困户"), status_ok, shown),
            income_finding(hh, "poverty_line", gettext_noop("收入稳定超过贫困线")),
            assurance_finding(hh, members, on)]


def is_early_elimination(hh: Household, on: dt.date) -> bool:
    """True when elimination comes within two months of inclusion in monitoring."""
    if hh.monitoring_since is None:
        return False
    days = int(wf_settings.value("early_elimination_days", hh.village_id, on.year))
    return (on - hh.monitoring_since).days < days


def identification_facts(hh: Household, on: dt.date) -> list[Finding]:
    """What the cross-check shows, each finding true when it supports inclusion (是/否)."""
    members = alive_members(hh)
    income = income_finding(hh, "monitoring_line", "")
    rigid = rigid_finding(hh)
    problems = assurance_problems(hh, members, on)
    labour = labour_finding(members)
    has_income = income.detail != gettext("无年度收入记录")
    return [
        Finding("income", gettext_noop("人均纯收入低于监测线"), has_income and not income.ok, income.detail),
        Finding("rigid", gettext_noop("扣除刚性支出后低于监测线"), has_income and not rigid.ok, rigid.detail),
        Finding("assurance", gettext_noop("存在两不愁三保障或饮水问题"), bool(problems),
                "；".join(problems + assurance_unknowns(hh)) or gettext("均已保障")),
        Finding("labour", gettext_noop("全户无劳动能力"), not labour.ok, labour.detail),
    ]


def department_facts(hh: Household) -> list[Finding]:
    """What department data (latest upload of each kind covering the village) says about members.

    Names only, never ID numbers: the finding is stored on the case's timeline.
    """
    members = {m.id_number: m.name for m in alive_members(hh) if m.id_number}
    if not members:
        return []
    records = list(DeptRecord.objects.filter(id_number__in=list(members),
                                             upload__region_code__in=lineage(hh.village_id))
                   .select_related("upload").order_by("kind", "-upload__version", "id"))
    latest: dict[str, int] = {}
    out = []
    for r in records:
        if latest.setdefault(r.kind, r.upload_id) != r.upload_id:
            continue
        shown = (gettext("%(amount)s元") % {"amount": r.amount} if r.amount is not None
                 else (r.value or gettext("有记录")))
        red = gettext("（排除红线，须核实）") if r.kind in RED_LINE_KINDS else ""
        out.append(Finding(f"dept_{r.kind}", gettext("部门数据·%(kind)s%(red)s")
                           % {"kind": r.get_kind_display(), "red": red}, True,
                           f"{members[r.id_number]}：{shown}"))
    return out
