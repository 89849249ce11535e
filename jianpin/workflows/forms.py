"""Forms of the workflow pages."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.registry import codes
from jianpin.workflows.machines.elimination import MODES
from jianpin.workflows.models import CaseKind, Channel, Source

MONITORING_KINDS = [c for c in codes.MonitoringKind.choices if c[0]]


class CaseOpenForm(forms.Form):
    household = forms.CharField(label=_("户编号"), max_length=32)
    kind = forms.ChoiceField(label=_("业务类型"), choices=CaseKind.choices)
    source = forms.ChoiceField(label=_("线索来源"),
                               choices=[c for c in Source.choices if c[0] != Source.WARNING])
    summary = forms.CharField(label=_("申请事由 / 排查情况"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)
    monitoring_kind = forms.ChoiceField(label=_("拟认定监测对象类型（识别）"), required=False,
                                        choices=[("", "—"), *MONITORING_KINDS])
    risk_types = forms.MultipleChoiceField(label=_("风险类型（识别，最多5项）"), required=False,
                                           choices=codes.RiskType.choices,
                                           widget=forms.CheckboxSelectMultiple)
    mode = forms.ChoiceField(label=_("消除方式（风险消除）"), required=False,
                             choices=[("", "—")] + [(m, m) for m in MODES])

    def proposal(self) -> dict[str, object]:
        d = self.cleaned_data
        if d["kind"] == CaseKind.IDENTIFICATION:
            return {"monitoring_kind": d["monitoring_kind"], "risk_types": d["risk_types"]}
        if d["kind"] == CaseKind.ELIMINATION:
            return {"mode": d["mode"]}
        return {}


class GrievanceForm(forms.Form):
    region = forms.ChoiceField(label=_("所属区域"))
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    subject = forms.CharField(label=_("事项"), max_length=200)
    content = forms.CharField(label=_("反映内容"), widget=forms.Textarea(attrs={"rows": 4}))
    complainant = forms.CharField(label=_("反映人"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    household = forms.CharField(label=_("涉及农户户编号（可选）"), max_length=32, required=False)

    def __init__(self, *args: object, regions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("提出人"), max_length=50, required=False)
    content = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 2}))
