from __future__ import annotations

from django import forms
from django.utils import timezone

from jianpin.rules.ruleset import CATEGORIES, SEVERITIES, shipped
from jianpin.screening.engines import ENGINES
from jianpin.screening.models import DeptKind


def _sets() -> list[tuple[str, str]]:
    return [(code, f"{rs.name}（{code}）") for code, rs in sorted(shipped().items())]


class RunForm(forms.Form):
    rule_set = forms.ChoiceField(label="规则集", choices=_sets, initial="default")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year - 1)
    area_code = forms.CharField(label="区域代码", max_length=12, required=False,
                                help_text="留空为本人管辖区域")
    engine = forms.ChoiceField(label="引擎", required=False,
                               choices=[("", "默认（库内）"), *[(e, e) for e in ENGINES]])


class DismissForm(forms.Form):
    reason = forms.CharField(label="排除理由", max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="数据类型", choices=DeptKind.choices)
    file = forms.FileField(label="文件（CSV 或 Excel，含“身份证号”列）")


class RuleForm(forms.Form):
    set_code = forms.ChoiceField(label="所属规则集", choices=_sets)
    code = forms.CharField(label="规则编码", max_length=40)
    name = forms.CharField(label="名称", max_length=200)
    severity = forms.ChoiceField(label="严重程度", choices=[(s, s) for s in SEVERITIES])
    category = forms.ChoiceField(label="类别", choices=list(CATEGORIES.items()))
    flag = forms.CharField(label="提示标签", max_length=60)
    condition = forms.CharField(label="条件", widget=forms.Textarea(attrs={"rows": 4}))
    enabled = forms.BooleanField(label="启用", required=False, initial=True)
