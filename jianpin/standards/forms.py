from __future__ import annotations

from django import forms

from jianpin.standards.models import StandardKey


class StandardForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    region_code = forms.CharField(label="适用区划代码", max_length=12,
                                  help_text="12位区划代码，留空表示本人所在区域")
    key = forms.ChoiceField(label="标准项", choices=StandardKey.choices)
    value = forms.CharField(label="数值", max_length=20)
    note = forms.CharField(label="说明", max_length=200, required=False)
