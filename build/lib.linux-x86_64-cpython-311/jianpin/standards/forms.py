from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.standards.models import Basis, IncomeConcept, ReferenceKey, StandardKey


class StandardForm(forms.Form):
    year = forms.IntegerField(label=_("起始年度"), min_value=1990, max_value=2100)
    valid_until = forms.IntegerField(label=_("有效至年度"), min_value=1990, max_value=2100,
                                     required=False, help_text=_("留空表示长期有效"))
    region_code = forms.CharField(label=_("适用区划代码"), max_length=12, required=False,
                                  help_text=_("12位区划代码，留空表示本人所在区域"))
    key = forms.ChoiceField(label=_("标准项"), choices=StandardKey.choices)
    basis = forms.ChoiceField(label=_("数值类型"), choices=Basis.choices, initial=Basis.AMOUNT,
                              required=False)
    value = forms.CharField(label=_("数值"), max_length=20,
                            help_text=_("按比例设定时填比例，如0.45表示45%"))
    reference = forms.ChoiceField(label=_("参照数"), required=False,
                                  choices=[("", "—"), *ReferenceKey.choices])
    reference_year = forms.IntegerField(label=_("参照年度（固定）"), min_value=1990,
                                        max_value=2100, required=False,
                                        help_text=_("留空表示取当年（减去滞后年数）的参照数"))
    reference_lag = forms.IntegerField(label=_("参照滞后年数"), min_value=0, max_value=5,
                                       initial=0, required=False)
    income_concept = forms.ChoiceField(label=_("收入口径"), required=False,
                                       choices=[("", "—"), *IncomeConcept.choices],
                                       help_text=_("收入线须注明；留空取该标准项的默认口径"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ReferenceForm(forms.Form):
    ref_key = forms.ChoiceField(label=_("参照数"), choices=ReferenceKey.choices)
    ref_year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    ref_region_code = forms.CharField(label=_("区划代码"), max_length=12,
                                      help_text=_("通常为省级区划代码，如440000000000"))
    ref_value = forms.CharField(label=_("数值（元）"), max_length=20)
    ref_note = forms.CharField(label=_("说明"), max_length=200, required=False)
