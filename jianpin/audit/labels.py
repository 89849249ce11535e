"""What each audit action code is called, for the audit log and the household change log.

Every code an action writes has a label here, or comes from an app's `audit_labels()` hook
(the state machines name their transitions: `<app>.<machine>.<edge>` is labelled
"<machine>：<edge>" from the machine's own labels). jianpin/audit/tests/test_labels.py
reads every `record(...)` call in the code and fails on a code without a label.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Any] = {
    # accounts
    "accounts.login": _("登录"), "accounts.lockout": _("账户登录锁定"),
    "accounts.lockout.ip": _("地址登录锁定"),
    "accounts.user.create": _("创建账户"), "accounts.user.disable": _("停用账户"),
    "accounts.user.enable": _("启用账户"), "accounts.user.unlock": _("解除登录锁定"),
    "accounts.user.password_reset": _("重置密码"), "accounts.user.totp_reset": _("重置双因素认证"),
    "accounts.user.role_change": _("修改角色和区域"),
    "accounts.totp.enable": _("开启双因素认证"), "accounts.totp.disable": _("关闭双因素认证"),
    "accounts.totp.recovery_codes": _("重新生成恢复码"),
    # registry
    "registry.household.create": _("新建农户"), "registry.household.update": _("修改农户"),
    "registry.household.decision": _("按审定结果修改农户状态"),
    "registry.member.create": _("新增成员"), "registry.member.update": _("修改成员"),
    "registry.member.move": _("成员迁移"), "registry.member.deceased": _("登记成员死亡"),
    "registry.income.create": _("录入年度收入"), "registry.income.update": _("修改年度收入"),
    "registry.workperiod.create": _("新增外出务工时段"),
    "registry.workperiod.update": _("修改外出务工时段"),
    "registry.workperiod.delete": _("删除外出务工时段"),
    "registry.reveal": _("查看敏感信息"), "registry.export": _("导出农户档案"),
    "registry.import.upload": _("上传导入文件"), "registry.import.confirm": _("确认导入"),
    "registry.import.cancel": _("取消导入"),
    "registry.import.create": _("导入新建农户"), "registry.import.update": _("导入修改农户"),
    "registry.roster.create": _("按国家系统名单导入新建农户"),
    "registry.roster.update": _("按国家系统名单导入修改农户"),
    "registry.import.work_periods": _("导入外出务工时段"),
    "registry.village_facts.import": _("导入行政村信息"),
    "registry.vocabulary.add": _("新增取值对照"),
    "registry.verification.request": _("发起核实"), "registry.verification.many": _("批量发起核实"),
    "registry.verification.resolve": _("完成核实"),
    "registry.generate": _("生成演示数据"),
    # audit, jobs
    "audit.export": _("导出审计日志"),
    "jobs.cancel": _("取消后台任务"), "jobs.retry": _("重试后台任务"),
    "jobs.schedule.save": _("保存计划任务"),
    # standards
    "standards.standard.set": _("设置标准"), "standards.standard.delete": _("删除标准"),
    "standards.reference.set": _("设置参考数据"), "standards.reference.delete": _("删除参考数据"),
    # screening
    "screening.run.start": _("发起筛查"), "screening.run.finish": _("筛查完成"),
    "screening.warning.acknowledged": _("确认预警"), "screening.warning.dismissed": _("排除预警"),
    "screening.warning.case_opened": _("预警转入识别"),
    "screening.warning.import": _("导入差异开启预警"),
    "screening.warning.import_update": _("导入差异更新预警"),
    "screening.warning.import_resolve": _("导入文件已一致，关闭预警"),
    "screening.warning.import_reopen": _("导入差异重新开启预警"),
    "screening.warning.decision_resolve": _("审定结果已与导入文件一致，关闭预警"),
    "screening.warning.decision_update": _("审定结果更新导入差异预警"),
    "screening.warning.edit_resolve": _("修改后已与导入文件一致，关闭预警"),
    "screening.warning.edit_update": _("修改后更新导入差异预警"),
    "screening.rule.create": _("新建规则"), "screening.rule.change": _("修改规则"),
    "screening.dept.kinds": _("设置部门数据授权"), "screening.dept.upload": _("上传部门数据"),
    # workflows (transitions are labelled by the machines, see the module docstring)
    "workflows.identification.open": _("发起监测对象识别纳入"),
    "workflows.elimination.open": _("发起风险消除"), "workflows.exit.open": _("发起脱贫退出"),
    "workflows.case.proposal": _("修改拟办意见"),
    "workflows.objection.create": _("登记公示异议"), "workflows.objection.resolve": _("处理公示异议"),
    "workflows.notice.masking": _("设置公示遮蔽"), "workflows.grievance.open": _("登记信访投诉"),
    "workflows.assessment.open": _("发起退出评估"),
    # assistance
    "assistance.helper.create": _("新增帮扶责任人"), "assistance.pairing.create": _("结对帮扶"),
    "assistance.pairing.end": _("结束结对"), "assistance.plan.create": _("制定帮扶计划"),
    "assistance.plan.update": _("修改帮扶计划"), "assistance.measure.create": _("登记帮扶措施"),
    "assistance.visit.create": _("登记走访"), "assistance.checks.start": _("发起帮扶检查"),
    "assistance.checks.run": _("帮扶检查完成"),
    # projects
    "projects.project.create": _("新建项目"), "projects.project.update": _("修改项目"),
    "projects.project.actuals": _("登记项目实际完成"),
    "projects.project.beneficiaries": _("设置项目受益户"),
    "projects.project.income": _("登记项目收益"),
    "projects.asset.register": _("登记资产"), "projects.asset.income": _("登记资产收益"),
    "projects.asset.dispose": _("处置资产"),
    "projects.funds.issue": _("下达资金"), "projects.funds.allocate": _("分配资金"),
    "projects.funds.disburse": _("拨付资金"),
    "projects.objection.record": _("登记项目异议"), "projects.objection.resolve": _("处理项目异议"),
    # indicators, villages, library
    "indicators.refresh": _("刷新指标"), "indicators.report.schedule": _("设置定期报表"),
    "indicators.report.request": _("申请报表"), "indicators.target.set": _("设置目标"),
    "indicators.target.delete": _("删除目标"),
    "villages.record.save": _("保存行政村年度记录"),
    "library.document.ingest": _("导入政策文件"), "library.document.update": _("修改政策文件"),
    "library.document.delete": _("删除政策文件"),
    "library.document.refold": _("重新折叠并索引政策文件"),
    "library.document.keywords": _("重新计算政策文件关键词"), "library.hotword.block": _("屏蔽热词"),
    "library.hotword.unblock": _("恢复热词"), "library.chart.upload": _("上传图表"),
    "library.chart.from_figures": _("由文中数据生成图表"),
    "library.targets.export": _("导出目标指标"),
    "library.synonyms.create": _("新增检索同义词组"), "library.synonyms.update": _("修改检索同义词组"),
    "library.synonyms.delete": _("删除检索同义词组"),
}


@cache
def _hooked() -> Mapping[str, Any]:
    """Labels the apps give through their `audit_labels()` hook."""
    out: dict[str, Any] = {}
    for config in apps.get_app_configs():
        hook = getattr(config, "audit_labels", None)
        if hook is not None:
            out.update(hook())
    return out


def machine_labels(app: str, machine: Any) -> dict[str, tuple[str, str]]:
    """`<app>.<machine>.<edge>` → (machine label, edge label) for a state machine."""
    return {f"{app}.{machine.name}.{e.action}": (machine.label, e.label) for e in machine.edges}


def known(action: str) -> bool:
    return action in ACTIONS or action in _hooked()


def action_label(action: str) -> str:
    """The action's name in the reader's language; an unknown code is shown as it is."""
    label = ACTIONS.get(action) or _hooked().get(action)
    if label is None:
        return action
    if isinstance(label, tuple):
        sep = "：" if (get_language() or "zh").startswith("zh") else ": "
        return sep.join(gettext(part) for part in label)
    return str(label)


# Notes the system writes itself (a person's note is kept as typed): stored in Chinese, as
# every note is, and shown in the reader's language (`note_label`). Parts are numbers. The
# messages have their own context (msgctxt "audit note" in the audit app's catalogue; tests
# check every one has its English): 计划任务 as a note is "Scheduled task", as a menu "Schedules".
NOTE_CONTEXT = "audit note"
NOTES: dict[str, str] = {
    "identification.announce": "识别案件 %(case)s 公告",
    "elimination.announce": "风险消除案件 %(case)s 公告",
    "exit.announce": "脱贫退出案件 %(case)s 公告",
    "screening.scheduled": "计划任务",
    "screening.bulk": "批量处理",
    # the edits through the registry's write layer that screening's import warnings follow
    # (`registry.fields.EDIT_NOTES`), and an import's batch
    "registry.edit.household": "户信息修改",
    "registry.edit.member": "家庭成员信息修改",
    "registry.edit.deceased": "标记成员死亡",
    "registry.edit.add": "新增家庭成员",
    "registry.edit.move": "家庭成员迁户",
    "registry.import.batch": "导入批次 %(batch)s",
}


def note(kind: str, **parts: int) -> str:
    """The stored text of a system note: NOTES[kind] with its parts, in Chinese."""
    return NOTES[kind] % parts


@cache
def _note_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    def pattern(msgid: str) -> re.Pattern[str]:
        parts = re.split(r"%\((\w+)\)s", msgid)
        return re.compile("".join(re.escape(p) if i % 2 == 0 else rf"(?P<{p}>\d+)"
                                  for i, p in enumerate(parts)))
    return tuple((pattern(msgid), msgid) for msgid in NOTES.values())


def note_label(stored: str) -> str:
    """A stored note in the reader's language: one the system composed (`NOTES`, also those
    stored before they were listed here) translated with its parts; any other as it is."""
    for pattern, msgid in _note_patterns():
        found = pattern.fullmatch(stored)
        if found:
            return pgettext(NOTE_CONTEXT, msgid) % found.groupdict()
    return stored
