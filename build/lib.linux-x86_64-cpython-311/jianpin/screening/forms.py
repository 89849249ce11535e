from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianpin.rules.ruleset import CATEGORIES, SEVERITIES, shipped
from jianpin.screening.display import set_name
from jianpin.screening.engines import ENGINES
from jianpin.screening.models import DeptKind


def _sets() -> list[tuple[str, str]]:
    return [(code, f"{set_name(code)}（{code}）") for code in sorted(shipped())]


class RunForm(forms.Form):
    rule_set = forms.ChoiceField(label=_("规则集"), choices=_sets, initial="default")
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year - 1)
    area_code = forms.CharField(label=_("区域代码"), max_length=12, required=False,
                                help_text=_("留空为本人管辖区域"))
    engine = forms.ChoiceField(label=_("引擎"), required=False,
                               choices=[("", _("默认（库内）")), *[(e, e) for e in ENGINES]])


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("排除理由"), max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"), choices=DeptKind.choices)
    file = forms.FileField(label=_("文件（CSV 或 Excel，含“身份证号”列）"))


class RuleForm(forms.Form):
    set_code = forms.ChoiceField(label=_("所属规则集"), choices=_sets)
    code = forms.CharField(label=_("规则编码"), max_length=40)
    name = forms.CharField(label=_("名称"), max_length=200)
    severity = forms.ChoiceField(label=_("严重程度"), choices=[(s, _(s)) for s in SEVERITIES])
    category = forms.ChoiceField(label=_("类别"), choices=[(k, _(v)) for k, v in CATEGORIES.items()])
    flag = forms.CharField(label=_("提示标签"), max_length=60)
    condition = forms.CharField(label=_("条件"), widget=forms.Textarea(attrs={"rows": 4}))
    enabled = forms.BooleanField(label=_("启用"), required=False, initial=True)
