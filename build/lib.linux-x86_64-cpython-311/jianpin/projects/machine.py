"""The project lifecycle (项目全流程) as a table of edges run by the workflows engine.

    draft ─submit─▶ applied ─review(乡)─▶ reviewed ─approve(县)─▶ approved ─enter_library─▶ in_library
      ▲               │ return(乡)          │ return(县)                                     │ remove
      └─ returned ◀───┴─────────────────────┴───────────────────────────────────────────────┘
         returned ─resubmit─▶ applied
    in_library ─plan─▶ planned ─notice─▶ noticed ─start (≥ notice days)─▶ implementing
    implementing ─accept─▶ accepted ─complete_notice─▶ completed ─hand_over─▶ handed_over
    handed_over ─evaluate (every target has an actual value)─▶ evaluated

Village and township enter, apply and run the notices and works (PROPOSE_PROJECT); the
township reviews (REVIEW_PROJECT); the county decides, plans, accepts, registers the assets and
evaluates (DECIDE_PROJECT). Returns need a reason; the reviewer and decider never act on what
they submitted, and the county decider is not the township reviewer.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.projects.models import Project, ProjectEvent, Status
from jianpin.workflows.machines.base import Edge, Effect, Machine, Step

NOTICE_DAYS = 10  # 公示期不少于10天


def _check_targets(step: Step) -> None:
    if not step.obj.targets.exists():
        raise DomainError("no_targets", _("未设定绩效目标的项目不能入库"))


def _check_plan(step: Step) -> None:
    year = step.data.get("year") or step.obj.plan_year
    if not year:
        raise DomainError("no_year", _("请填写计划年度"))
    total = step.obj.budget.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if total <= 0:
        raise DomainError("no_budget", _("未落实资金来源的项目不能列入年度计划"))


def _set_plan_year(step: Step) -> None:
    year = int(step.data.get("year") or step.obj.plan_year)
    Project.objects.filter(pk=step.obj.pk).update(plan_year=year)
    step.obj.plan_year = year


def _stamp(field: str) -> Effect:
    def effect(step: Step) -> None:
        today = timezone.localdate()
        Project.objects.filter(pk=step.obj.pk).update(**{field: today})
        setattr(step.obj, field, today)
    return effect


def _check_notice_period(step: Step) -> None:
    since: dt.date | None = step.obj.notice_from
    if since is None or (timezone.localdate() - since).days < NOTICE_DAYS:
        raise DomainError("notice_period", _("实施前公示须满%(days)s天方可开工") % {"days": NOTICE_DAYS})
    if step.obj.objections.filter(resolved_at__isnull=True).exists():
        raise DomainError("open_objection", _("公示期异议尚未核实处理，不能开工"))


def _check_actuals(step: Step) -> None:
    if step.obj.targets.filter(actual_value="").exists():
        raise DomainError("no_actuals", _("请先填写每项绩效指标的实际完成值"))


P, R, D = Cap.PROPOSE_PROJECT, Cap.REVIEW_PROJECT, Cap.DECIDE_PROJECT
S = Status
EDGES = (
    Edge(S.DRAFT, S.APPLIED, "submit", gettext_noop("村级申报"), P, submits=True),
    Edge(S.RETURNED, S.APPLIED, "resubmit", gettext_noop("重新申报"), P, submits=True),
    Edge(S.APPLIED, S.REVIEWED, "review", gettext_noop("乡镇审核"), R, not_submitter=True),
    Edge(S.APPLIED, S.RETURNED, "return_township", gettext_noop("乡镇退回"), R, not_submitter=True,
         needs_note=True, danger=True),
    Edge(S.REVIEWED, S.APPROVED, "approve", gettext_noop("县级论证审定"), D, not_submitter=True,
         not_after=("review",)),
    Edge(S.REVIEWED, S.RETURNED, "return_county", gettext_noop("县级退回"), D, not_submitter=True,
         needs_note=True, danger=True),
    Edge(S.APPROVED, S.IN_LIBRARY, "enter_library", gettext_noop("纳入项目库"), D, check=_check_targets),
    Edge(S.IN_LIBRARY, S.RETURNED, "remove", gettext_noop("调出项目库"), D, needs_note=True, danger=True),
    Edge(S.IN_LIBRARY, S.PLANNED, "plan", gettext_noop("列入年度计划"), D, check=_check_plan,
         effect=_set_plan_year),
    Edge(S.PLANNED, S.NOTICED, "notice", gettext_noop("实施前公示"), P, effect=_stamp("notice_from")),
    Edge(S.NOTICED, S.IMPLEMENTING, "start", gettext_noop("开工实施"), P, check=_check_notice_period,
         effect=_stamp("started_on")),
    Edge(S.IMPLEMENTING, S.ACCEPTED, "accept", gettext_noop("竣工验收"), D, effect=_stamp("accepted_on")),
    Edge(S.ACCEPTED, S.COMPLETED, "complete_notice", gettext_noop("完工公告"), P),
    Edge(S.COMPLETED, S.HANDED_OVER, "hand_over", gettext_noop("资产确权移交"), D),
    Edge(S.HANDED_OVER, S.EVALUATED, "evaluate", gettext_noop("绩效评价"), D, check=_check_actuals),
)

MACHINE = Machine("project", "项目", Status, S.DRAFT, EDGES, frozenset({S.EVALUATED}),
                  "project", event_model=ProjectEvent, app="projects")

EDITABLE = frozenset({S.DRAFT, S.RETURNED})        # the application itself
ACTUALS_OPEN = frozenset({S.IMPLEMENTING, S.ACCEPTED, S.COMPLETED, S.HANDED_OVER})
PUBLIC = frozenset({S.NOTICED, S.IMPLEMENTING, S.ACCEPTED, S.COMPLETED, S.HANDED_OVER,
                    S.EVALUATED})
FUNDABLE = frozenset({S.PLANNED, S.NOTICED, S.IMPLEMENTING, S.ACCEPTED, S.COMPLETED,
                      S.HANDED_OVER})  # money is arranged and paid from the annual plan on
