"""Forms of the assistance pages."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianpin.assistance.codes import MeasureCategory


class HelperForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    work_unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)
    position = forms.CharField(label=_("职务"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    region = forms.CharField(label=_("帮扶区域代码"), max_length=12)
    username = forms.CharField(label=_("关联登录账号（可选）"), max_length=150, required=False)


class MeasureForm(forms.Form):
    category = forms.ChoiceField(label=_("措施类别"), choices=MeasureCategory.choices)
    description = forms.CharField(label=_("措施内容"), max_length=200)
    amount = forms.DecimalField(label=_("金额(元)"), required=False, min_value=0, decimal_places=2)
    on = forms.DateField(label=_("落实日期"), initial=timezone.localdate,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    provider = forms.CharField(label=_("实施单位"), max_length=100, required=False)
    policy = forms.CharField(label=_("政策依据"), max_length=200, required=False)
    months = forms.IntegerField(label=_("期限(月)"), required=False, min_value=1, max_value=600)


class VisitForm(forms.Form):
    helper = forms.TypedChoiceField(label=_("帮扶责任人"), coerce=int)
    visited_on = forms.DateField(label=_("走访日期"), initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    findings = forms.CharField(label=_("走访情况（收入、两不愁三保障、困难诉求）"),
                               widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(label=_("后续事项"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, helpers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["helper"].choices = helpers  # type: ignore[attr-defined]
