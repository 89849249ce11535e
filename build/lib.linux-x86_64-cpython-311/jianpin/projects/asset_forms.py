"""Forms of the asset ledger: register an asset, record an income, dispose of an asset."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.projects.codes import DisposalKind
from jianpin.projects.models import Asset

DATE = forms.DateInput(attrs={"type": "date"})


class AssetForm(forms.ModelForm):  # type: ignore[type-arg]
    region = forms.CharField(label=_("所在地（区划代码）"), max_length=12)
    project_id = forms.IntegerField(label=_("形成资产的项目（项目编号）"), required=False)
    household_number = forms.CharField(label=_("确权农户户编号（确权到户时填写）"),
                                       max_length=30, required=False)

    class Meta:
        model = Asset
        fields = ["name", "kind", "scale", "value", "formed_on", "ownership", "owner_name",
                  "custodian", "upkeep", "operator", "operation_mode"]
        widgets = {"formed_on": DATE}


class IncomeForm(forms.Form):
    year = forms.IntegerField(label=_("收益年度"), min_value=2000, max_value=2100)
    received_on = forms.DateField(label=_("到账日期"), widget=DATE)
    amount = forms.DecimalField(label=_("收益金额（元）"), min_value=Decimal("0.01"),
                                max_digits=14, decimal_places=2)
    shares = forms.CharField(label=_("分配到户（每行：户编号 金额）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}), max_length=100000)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean_shares(self) -> list[tuple[str, Decimal]]:
        out = []
        for line in (self.cleaned_data.get("shares") or "").splitlines():
            parts = re.split(r"[\s,，]+", line.strip())
            if parts == [""]:
                continue
            try:
                out.append((parts[0], Decimal(parts[1])))
            except (IndexError, ArithmeticError):
                raise forms.ValidationError(_("无法识别的分配行：%(line)s") % {"line": line}) \
                    from None
        return out


class DisposalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("处置方式"), choices=DisposalKind.choices)
    reason = forms.CharField(label=_("处置原因"), max_length=300)
    approver = forms.CharField(label=_("批准单位"), max_length=100)
    approval = forms.CharField(label=_("处置批准文号"), max_length=100)
    disposed_on = forms.DateField(label=_("处置日期"), widget=DATE)
    proceeds = forms.DecimalField(label=_("处置收入（元）"), required=False,
                                  min_value=Decimal(0), max_digits=14, decimal_places=2)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
