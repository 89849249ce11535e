"""Forms of the funds pages: a batch issued, an allocation to a project, a payment."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jianpin.projects.codes import FundSource, PaymentKind

DATE = forms.DateInput(attrs={"type": "date"})


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal("0.01"), max_digits=14,
                              decimal_places=2)


class BatchForm(forms.Form):
    region = forms.CharField(label=_("下达地区（区划代码）"), max_length=12)
    year = forms.IntegerField(label=_("资金年度"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("资金来源"), choices=FundSource.choices)
    doc_number = forms.CharField(label=_("下达文号"), max_length=100)
    issued_on = forms.DateField(label=_("下达日期"), widget=DATE)
    amount = _money(_("下达金额（元）"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class AllocationForm(forms.Form):
    project = forms.IntegerField(label=_("项目"))
    amount = _money(_("安排金额（元）"))
    allocated_on = forms.DateField(label=_("安排日期"), widget=DATE)


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("支付方式"), choices=PaymentKind.choices)
    amount = _money(_("支付金额（元）"))
    paid_on = forms.DateField(label=_("支付日期"), widget=DATE)
    voucher_number = forms.CharField(label=_("凭证号"), max_length=50, required=False)
    voucher = forms.FileField(label=_("凭证（PDF、OFD、JPEG 或 PNG）"), required=False)
