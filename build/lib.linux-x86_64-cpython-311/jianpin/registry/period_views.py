"""Pages to add, edit and delete a member's periods of migrant work (已外出务工信息).
Thin: forms in, registry.period_actions does the work."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.registry import forms, period_actions, queries
from jianpin.registry.models import WorkPeriod
from jianpin.registry.views import Done, _form_page


def _period_for_user(request: HttpRequest, pk: int) -> WorkPeriod:
    return queries.get_work_period_for_user(request.user, pk)


@requires(Cap.WRITE_REGISTRY)
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_member_for_user(request.user, pk)
    hh = member.household

    def run(d: dict[str, Any]) -> Done:
        period_actions.do_add_work_period(
            request.user, member, {k: v for k, v in d.items() if k != "version"},
            version=d["version"])
        return _("已添加 %(name)s 的务工时段") % {"name": member.name}, hh.pk

    form = forms.WorkPeriodForm(request.POST or None, initial={"version": hh.version})
    return _form_page(request, form, _("添加务工时段：%(name)s") % {"name": member.name}, hh, run)


@requires(Cap.WRITE_REGISTRY)
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_for_user(request, pk)
    member, hh = period.member, period.member.household
    form = forms.WorkPeriodForm(request.POST or None, instance=period,
                                initial={"version": hh.version})

    def run(d: dict[str, Any]) -> Done:
        changed = {k: d[k] for k in form.changed_data if k in form.Meta.fields}
        if changed:
            fresh = _period_for_user(request, pk)   # the form mutated period while validating
            period_actions.do_update_work_period(request.user, fresh, version=d["version"],
                                                 **changed)
        return _("务工时段已保存"), hh.pk

    return _form_page(request, form, _("编辑务工时段：%(name)s") % {"name": member.name}, hh, run)


@requires(Cap.WRITE_REGISTRY)
def period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_for_user(request, pk)
    member, hh = period.member, period.member.household

    def run(d: dict[str, Any]) -> Done:
        period_actions.do_delete_work_period(request.user, period, version=d["version"])
        return _("已删除 %(name)s 的务工时段") % {"name": member.name}, hh.pk

    form = forms.ConfirmForm(request.POST or None, initial={"version": hh.version})
    return _form_page(request, form, _("删除务工时段：%(name)s") % {"name": member.name}, hh, run,
                      template="registry/period_delete.html", extra={"period": period})
